import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Link, Navigate, useNavigate, useSearchParams } from "react-router";
import { createUser, login } from "conduit-sdk";
import { useApi, useServices, useSession } from "../app/services";
import { ErrorList } from "../components/ErrorList";
import { Field } from "../components/Field";
import { returnPath, withReturn } from "../lib/returnTo";

/** `/login` ("Sign in") and `/register` ("Sign up"). */
export function AuthPage({ mode }: { mode: "login" | "register" }) {
  const api = useApi();
  const { session } = useServices();
  const { state } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = params.get("next");
  const [username, setUsername] = useState("");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const register = mode === "register";

  const submit = useMutation({
    mutationFn: async () =>
      (register
        ? await createUser({ client: api, body: { user: { username, email, password } }, throwOnError: true })
        : await login({ client: api, body: { user: { email, password } }, throwOnError: true })
      ).data,
    onSuccess: ({ user }) => {
      session.signIn(user);
      void navigate(returnPath(next), { replace: true });
    },
  });

  if (state === "authenticated" && !submit.isSuccess) return <Navigate to={returnPath(next)} replace />;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    submit.mutate();
  };

  return (
    <div className="auth-page">
      <div className="container page">
        <div className="row">
          <div className="col-md-6 offset-md-3 col-xs-12">
            <h1 className="text-xs-center">{register ? "Sign up" : "Sign in"}</h1>
            <p className="text-xs-center">
              {register ? (
                <Link to={next ? withReturn("/login", next) : "/login"}>Have an account?</Link>
              ) : (
                <Link to={next ? withReturn("/register", next) : "/register"}>Need an account?</Link>
              )}
            </p>
            <ErrorList error={submit.error} />
            <form onSubmit={onSubmit} noValidate>
              <fieldset disabled={submit.isPending}>
                {register && (
                  <Field
                    large
                    name="username"
                    placeholder="Username"
                    autoComplete="username"
                    value={username}
                    onChange={setUsername}
                  />
                )}
                <Field
                  large
                  type="email"
                  name="email"
                  placeholder="Email"
                  autoComplete="email"
                  value={email}
                  onChange={setEmail}
                />
                <Field
                  large
                  type="password"
                  name="password"
                  placeholder="Password"
                  autoComplete={register ? "new-password" : "current-password"}
                  value={password}
                  onChange={setPassword}
                />
                <button className="btn btn-lg btn-primary pull-xs-right" type="submit">
                  {register ? "Sign up" : "Sign in"}
                </button>
              </fieldset>
            </form>
          </div>
        </div>
      </div>
    </div>
  );
}
