/** Thrown by a peer's `prepare` for a case it cannot express (a 5.0 case for a 3.1.1-only peer, a peer's known bug). */
export class Inexpressible extends Error {}
