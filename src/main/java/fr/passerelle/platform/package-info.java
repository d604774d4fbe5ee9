@NullMarked
package fr.passerelle.platform;

import org.jspecify.annotations.NullMarked;
