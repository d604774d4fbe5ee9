package fr.passerelle.access;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Opaque cursors: a connection's position (its sort key and id) sealed with AES-GCM under
 * the hub's cursor key, bound to the viewer (organization, user), the purpose and what
 * the caller names (the connection, its order and filter). A client can neither read a
 * sort value from a cursor nor forge one to probe where a person sorts, nor replay
 * another viewer's; a cursor that does not open is invalid input, like any garbage.
 *
 * <p>
 * Instances behind one load balancer share the key ({@code PASSERELLE_ACCESS_CURSOR_KEY},
 * 32 bytes in base64); without one a random key is drawn at start, and cursors do not
 * survive a restart.
 */
@Component
public class Cursors {

	private static final Logger logger = LoggerFactory.getLogger(Cursors.class);

	private static final int NONCE_BYTES = 12;

	private static final int TAG_BITS = 128;

	private final SecretKey key;

	private final SecureRandom random = new SecureRandom();

	Cursors(AccessProperties properties) {
		byte[] bytes;
		if (properties.cursorKey() != null && !properties.cursorKey().isBlank()) {
			bytes = Base64.getDecoder().decode(properties.cursorKey().trim());
			if (bytes.length != 32) {
				throw new IllegalStateException("passerelle.access.cursor-key must be 32 bytes in base64");
			}
		}
		else {
			bytes = new byte[32];
			this.random.nextBytes(bytes);
			logger.warn("No passerelle.access.cursor-key: cursors are sealed with a key drawn at start "
					+ "(they will not survive a restart nor cross instances)");
		}
		this.key = new SecretKeySpec(bytes, "AES");
	}

	/** Seals a position for this viewer and purpose, under this binding. */
	public String seal(AccessContext context, String binding, String position) {
		byte[] nonce = new byte[NONCE_BYTES];
		this.random.nextBytes(nonce);
		try {
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.ENCRYPT_MODE, this.key, new GCMParameterSpec(TAG_BITS, nonce));
			cipher.updateAAD(associated(context, binding));
			byte[] sealed = cipher.doFinal(position.getBytes(StandardCharsets.UTF_8));
			return Base64.getUrlEncoder()
				.withoutPadding()
				.encodeToString(ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot seal a cursor", ex);
		}
	}

	/**
	 * The position a cursor sealed for this viewer, purpose and binding; {@code null} for
	 * anything else.
	 */
	public @Nullable String open(AccessContext context, String binding, String cursor) {
		try {
			byte[] bytes = Base64.getUrlDecoder().decode(cursor);
			if (bytes.length <= NONCE_BYTES || bytes.length > 4096) {
				return null;
			}
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.DECRYPT_MODE, this.key, new GCMParameterSpec(TAG_BITS, bytes, 0, NONCE_BYTES));
			cipher.updateAAD(associated(context, binding));
			return new String(cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES), StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException | GeneralSecurityException ex) {
			return null;
		}
	}

	private static byte[] associated(AccessContext context, String binding) {
		Viewer viewer = context.viewer();
		String organization = (viewer.organization() != null) ? viewer.organization().id().toString() : "";
		return String.join("\u0000", organization, viewer.userId(), context.purpose().name(), binding)
			.getBytes(StandardCharsets.UTF_8);
	}

}
