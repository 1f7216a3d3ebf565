// Self-signed P-256 certificate for 127.0.0.1 (SAN IP:127.0.0.1, valid until 2126), test use only.
// Generated with: openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 36500
//   -subj "/CN=waymark-routeros-simulator" -addext "subjectAltName=IP:127.0.0.1"

export const TEST_TLS_KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQga0vX+GsW9Zc3TM6i
usWg227r0pbNBqIWuxw0I0PAyaShRANCAATMmVFGa2j15gzpCidy0msPu+hVAPog
gBM0B/lPvHHUgG+SHvgD7hZCeZLHada2lUg95avMkNTMXHPweuX8br/G
-----END PRIVATE KEY-----
`;

export const TEST_TLS_CERT = `-----BEGIN CERTIFICATE-----
MIIBszCCAVigAwIBAgIUK0cepbivK0UNBSy6j1oYmdjcXZUwCgYIKoZIzj0EAwIw
JTEjMCEGA1UEAwwad2F5bWFyay1yb3V0ZXJvcy1zaW11bGF0b3IwIBcNMjYxMTIx
MTQxMDE4WhgPMjEyNjEwMjgxNDEwMThaMCUxIzAhBgNVBAMMGndheW1hcmstcm91
dGVyb3Mtc2ltdWxhdG9yMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEzJlRRmto
9eYM6QonctJrD7voVQD6IIATNAf5T7xx1IBvkh74A+4WQnmSx2nWtpVIPeWrzJDU
zFxz8Hrl/G6/xqNkMGIwHQYDVR0OBBYEFCXZzNppeHC9RoSCkT8IXYSTI/XkMB8G
A1UdIwQYMBaAFCXZzNppeHC9RoSCkT8IXYSTI/XkMA8GA1UdEwEB/wQFMAMBAf8w
DwYDVR0RBAgwBocEfwAAATAKBggqhkjOPQQDAgNJADBGAiEA0iyb7r5sC3+ILlav
1sgT7QKvIABgwlg84dAOqCgWuncCIQCjThuNqCDhwgGLjKZ5Wvw9gbczevJrgkyC
Tr8zXfoKFg==
-----END CERTIFICATE-----
`;
