package fr.passerelle.rights;

/**
 * A consent receipt: the receipt as canonical JSON and the SHA-256 of that text's UTF-8
 * bytes, which anyone holding the text can recompute.
 */
public record ConsentReceipt(String consentId, String json, String sha256) {
}
