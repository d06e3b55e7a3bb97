// The page shown when signing in goes wrong: both languages, a way back. Pure.
export type SignInProblem = 'unreachable' | 'expired' | 'refused' | 'no-identity';

const SAY: Record<SignInProblem, { it: string; en: string }> = {
  unreachable: { it: 'Il servizio di accesso non risponde. Riprova tra poco.', en: 'The sign-in service does not answer. Please try again shortly.' },
  expired: { it: "L'accesso è scaduto o è iniziato in un'altra finestra.", en: 'The sign-in took too long, or began in another window.' },
  refused: { it: 'Accesso non riuscito.', en: 'Sign-in failed.' },
  'no-identity': { it: 'Il tuo account non dice chi sei: chiedi aiuto al tuo reparto IT.', en: 'Your account does not say who you are: please ask your IT department.' },
};

export function signInProblemPage(problem: SignInProblem): string {
  const { it, en } = SAY[problem];
  return `<!doctype html><html lang="it"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Sportello</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem}</style></head>
<body>
<h1>Sportello</h1><p>${it}</p><p lang="en">${en}</p><p><a href="/auth/login">Riprova · Try again</a></p></body></html>`;
}
