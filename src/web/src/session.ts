/** The signed-in token, kept in sessionStorage only (gone with the tab; never in a URL). */
const KEY = 'hub.token';

export const session = {
  token: (): string | null => sessionStorage.getItem(KEY),
  signIn: (token: string): void => sessionStorage.setItem(KEY, token.trim()),
  signOut: (): void => {
    sessionStorage.removeItem(KEY);
    window.dispatchEvent(new Event('hub:signed-out'));
  },
};
