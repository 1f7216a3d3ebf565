export { createToken } from "./create-token";
export { listTokens } from "./list-tokens";
export { revokeToken } from "./revoke-token";
export { CreateTokenInput, TokenView, CreatedToken } from "./schemas";
