@NullMarked
package fr.passerelle.platform.security;

import org.jspecify.annotations.NullMarked;
