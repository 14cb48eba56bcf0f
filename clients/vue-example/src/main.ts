// The SDK's client is configured once: same-origin API, and the signed-in user's token.
import { QueryClient, VueQueryPlugin } from '@tanstack/vue-query';
import { client } from 'conduit-sdk';
import { createApp } from 'vue';
import App from './App.vue';
import { session } from './session';
import './style.css';

client.setConfig({
  baseUrl: window.location.origin,
  auth: () => (session.user ? `Token ${session.user.token}` : undefined),
});

const queryClient = new QueryClient({ defaultOptions: { queries: { staleTime: 10_000, retry: 1 } } });
createApp(App).use(VueQueryPlugin, { queryClient }).mount('#app');
