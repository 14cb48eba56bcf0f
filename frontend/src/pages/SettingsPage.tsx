import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useNavigate } from "react-router";
import { updateCurrentUser } from "conduit-sdk";
import type { UserChanges } from "../api/queries";
import { RequireAuth } from "../app/RequireAuth";
import { useApi, useServices } from "../app/services";
import type { User } from "../auth/session";
import { ErrorList } from "../components/ErrorList";
import { Field, TextAreaField } from "../components/Field";
import { profilePath } from "../components/ArticleMeta";

export function SettingsPage() {
  return <RequireAuth>{(user) => <SettingsForm key={user.username} user={user} />}</RequireAuth>;
}

function SettingsForm({ user }: { user: User }) {
  const api = useApi();
  const { session } = useServices();
  const navigate = useNavigate();
  const [image, setImage] = useState(user.image ?? "");
  const [username, setUsername] = useState(user.username);
  const [bio, setBio] = useState(user.bio ?? "");
  const [email, setEmail] = useState(user.email);
  const [password, setPassword] = useState("");

  const save = useMutation({
    mutationFn: async () => {
      // Only what changed; an empty password field means "keep it". Empty image/bio clear them.
      const changes: UserChanges = {};
      if (image !== (user.image ?? "")) changes.image = image.trim() || null;
      if (username !== user.username) changes.username = username;
      if (bio !== (user.bio ?? "")) changes.bio = bio || null;
      if (email !== user.email) changes.email = email;
      if (password) changes.password = password;
      return (await updateCurrentUser({ client: api, body: { user: changes }, throwOnError: true })).data;
    },
    onSuccess: ({ user: updated }) => {
      session.signIn(updated);
      void navigate(profilePath(updated.username));
    },
  });

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };

  return (
    <div className="settings-page">
      <div className="container page">
        <div className="row">
          <div className="col-md-6 offset-md-3 col-xs-12">
            <h1 className="text-xs-center">Your Settings</h1>
            <ErrorList error={save.error} />
            <form onSubmit={onSubmit} noValidate>
              <fieldset disabled={save.isPending}>
                <Field name="image" placeholder="URL of profile picture" value={image} onChange={setImage} />
                <Field
                  large
                  name="username"
                  placeholder="Username"
                  autoComplete="username"
                  value={username}
                  onChange={setUsername}
                />
                <TextAreaField
                  large
                  rows={8}
                  name="bio"
                  placeholder="Short bio about you"
                  value={bio}
                  onChange={setBio}
                />
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
                  placeholder="New Password"
                  autoComplete="new-password"
                  value={password}
                  onChange={setPassword}
                />
                <button className="btn btn-lg btn-primary pull-xs-right" type="submit">
                  Update Settings
                </button>
              </fieldset>
            </form>
            <div className="clearfix" />
            <hr />
            <button
              className="btn btn-outline-danger"
              type="button"
              // RequireAuth then takes the page home.
              onClick={() => session.signOut()}
            >
              Or click here to logout.
            </button>
          </div>
        </div>
      </div>
    </div>
  );
}
