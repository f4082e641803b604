// ESM resolve hook registered by preload.cjs: the bare specifier 'mqtt-packet' resolves to the
// drop-in's ESM build (its URL comes from the registration's data).
let target;

/** Receives the drop-in's URL from `module.register`. */
export function initialize(data) {
  target = data.url;
}

/** 'mqtt-packet' → the drop-in; every other specifier as Node resolves it. */
export function resolve(specifier, context, next) {
  if (specifier === 'mqtt-packet') return { url: target, format: 'module', shortCircuit: true };
  return next(specifier, context);
}
