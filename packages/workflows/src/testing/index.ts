/**
 * `@relaypost/workflows/testing`: loopback fakes of the Telegram Bot API and the Anthropic
 * Messages API, for RelayPost's own tests, yours, and sandbox mode.
 *
 * @packageDocumentation
 */
export {
  type AnthropicFake,
  type AnthropicFakeError,
  type AnthropicFakeOptions,
  type AnthropicFakeReply,
  type AnthropicFakeRequest,
  type AnthropicResponder,
  createAnthropicFake,
  defaultCaptionResponder,
} from './anthropic-fake.js';
export {
  createTelegramFake,
  type FakeInlineKeyboard,
  type PressButtonInput,
  type PressButtonResult,
  type TelegramFake,
  type TelegramFakeError,
  type TelegramFakeMessage,
  type TelegramFakeOptions,
} from './telegram-fake.js';
