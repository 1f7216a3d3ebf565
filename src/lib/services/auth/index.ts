export { setupAdmin, needsSetup } from "./setup-admin";
export { login } from "./login";
export { logout } from "./logout";
export { changePassword } from "./change-password";
export { resolveApiToken } from "./resolve-token";
export { resolveSession, SESSION_COOKIE, SESSION_TTL_MS, type ResolvedSession, type NewSession } from "./sessions";
export { SetupAdminInput, LoginInput, ChangePasswordInput, SessionUserView } from "./schemas";
export { authenticateSessionCookie, authenticateBearer } from "./authenticate";
