// Every font and icon is bundled (no CDN): the page looks right with no internet access.
// Latin subsets only; other scripts fall back to the system fonts in conduit.css.
import "@fontsource/titillium-web/latin-700.css";
import "@fontsource/source-sans-3/latin-300.css";
import "@fontsource/source-sans-3/latin-400.css";
import "@fontsource/source-sans-3/latin-600.css";
import "@fontsource/source-sans-3/latin-700.css";
import "@fontsource/source-serif-4/latin-400.css";
import "@fontsource/source-serif-4/latin-400-italic.css";
import "@fontsource/source-serif-4/latin-600.css";
import "@fontsource/source-serif-4/latin-700.css";
// Ionicons 2 (the icon set Conduit's markup names: ion-heart, ion-trash-a, ion-gear-a, ...).
import "ionicons/css/ionicons.min.css";
