@NullMarked
package fr.passerelle.platform.dev;

import org.jspecify.annotations.NullMarked;
