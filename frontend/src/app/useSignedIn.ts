import { useNavigate } from "react-router";
import { useSession } from "./services";

/** For actions that need an account: true when signed in, else off to the sign-in page. */
export function useSignedInOrRedirect(): () => boolean {
  const { state } = useSession();
  const navigate = useNavigate();
  return () => {
    if (state === "authenticated") return true;
    void navigate("/login");
    return false;
  };
}
