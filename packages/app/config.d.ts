export interface Config {
  app: {
    /**
     * Sign-in methods offered on the sign-in page, in order: `guest` (local
     * default) and/or `github` (production).
     * @visibility frontend
     */
    signInProviders?: Array<'guest' | 'github'>;
  };
}
