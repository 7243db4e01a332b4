export {
  createThreadsFake,
  type ThreadsFake,
  type ThreadsFakeContainer,
  type ThreadsFakeOptions,
  type ThreadsFakePost,
} from './server.js';
