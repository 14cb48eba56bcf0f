// Hash routes (#/, #/login, #/article/<slug>): enough for a starter, no router package.
import { ref } from 'vue';

const current = () => window.location.hash.slice(1) || '/';
export const route = ref(current());
window.addEventListener('hashchange', () => (route.value = current()));

export const go = (path: string) => (window.location.hash = `#${path}`);
export const articlePath = (slug: string) => `/article/${encodeURIComponent(slug)}`;
