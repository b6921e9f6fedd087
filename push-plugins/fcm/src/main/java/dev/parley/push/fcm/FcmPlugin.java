package dev.parley.push.fcm;

import org.pf4j.Plugin;

/**
 * The PF4J face of this module, named by {@code Plugin-Class} in the plugin archive's manifest; the
 * provider is found through {@code META-INF/services} like on the class path.
 */
public final class FcmPlugin extends Plugin {
}
