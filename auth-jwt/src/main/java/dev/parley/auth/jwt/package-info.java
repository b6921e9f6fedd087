/**
 * Single sign-on with JSON Web Tokens: {@link dev.parley.auth.jwt.JwtAuthenticator} admits users
 * whose tokens the host application signed, checked with Nimbus JOSE+JWT.
 */
package dev.parley.auth.jwt;
