/** Stand-ins for push services, for testing push providers over real sockets. */
package dev.parley.testkit.push;
