// The SDK's live events in a Vue component: one connection while it is mounted, reopened when
// the topics change.
import { connectEvents, type LiveEvent, type LiveStatus } from 'conduit-sdk/live';
import { onScopeDispose, ref, watch, type Ref } from 'vue';

export function useLiveEvents(topics: () => string[], onEvent: (event: LiveEvent) => void): Ref<LiveStatus> {
  const status = ref<LiveStatus>('connecting');
  let close = () => {};
  watch(
    () => topics().join(','),
    (key) => {
      close();
      close = connectEvents({ topics: key.split(','), onEvent, onStatus: (s) => (status.value = s) });
    },
    { immediate: true },
  );
  onScopeDispose(() => close());
  return status;
}
