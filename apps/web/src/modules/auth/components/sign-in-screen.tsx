import { useState, type FormEvent } from 'react';
import { Alert } from '@rapport/ui/alert';
import { Button } from '@rapport/ui/button';
import { Field } from '@rapport/ui/field';
import { TextInput } from '@rapport/ui/text-input';
import { describeError } from '../../../api/api-error.ts';
import { useDocumentTitle } from '../../../lib/use-document-title.ts';
import { useFocusOnRouteChange } from '../../../lib/use-focus-on-mount.ts';
import { useSignIn } from '../hooks/use-session.ts';
import './sign-in-screen.css';

export function SignInScreen() {
  const signIn = useSignIn();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const headingRef = useFocusOnRouteChange<HTMLHeadingElement>('sign-in');
  useDocumentTitle('Sign in');

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    signIn.mutate({ email: email.trim(), password });
  }

  return (
    <main className="sign-in">
      <div className="sign-in__card">
        <p className="sign-in__brand" aria-hidden="true">
          Rapport
        </p>
        <h1 ref={headingRef} tabIndex={-1} className="sign-in__title">
          Sign in to Rapport
        </h1>
        <form className="sign-in__form" onSubmit={handleSubmit}>
          <Field label="Email">
            {(control) => (
              <TextInput
                {...control}
                type="email"
                name="email"
                autoComplete="username"
                required
                value={email}
                onChange={(event) => setEmail(event.target.value)}
              />
            )}
          </Field>
          <Field label="Password">
            {(control) => (
              <TextInput
                {...control}
                type="password"
                name="password"
                autoComplete="current-password"
                required
                value={password}
                onChange={(event) => setPassword(event.target.value)}
              />
            )}
          </Field>
          {signIn.isError && <Alert>{describeError(signIn.error)}</Alert>}
          <Button type="submit" variant="primary" isBusy={signIn.isPending}>
            {signIn.isPending ? 'Signing in…' : 'Sign in'}
          </Button>
        </form>
      </div>
    </main>
  );
}
