export { createTabStore, type TabStoreOptions, type TabTokenStore } from './tab-store.ts';
