package fr.passerelle.file.housing;

/**
 * What a proposal answers: the proposal, and the orientation it moved to {@code PROPOSED}
 * (with its new version, needed to decide it).
 */
public record ProposeOrientationPayload(ProposalView proposal, OrientationView orientation) {

}
