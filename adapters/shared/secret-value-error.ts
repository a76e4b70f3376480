/**
 * A secret that is set but unusable (not JWK JSON, a key of the wrong algorithm). An adapter's
 * `create` throws it with the secret's field inside the source (`auth.privateJwk`); the runtime
 * adds the source id and the variable's name. The message describes the value's kind, never the value.
 */
export class SecretValueError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'SecretValueError';
  }
}
