export { attachBearer } from './attach-bearer.ts';
