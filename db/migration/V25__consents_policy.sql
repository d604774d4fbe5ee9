-- The default cells of CONSENTS (issue 16): the case workers of organizations involved with the
-- person read their consents for support — to read back with the person what they agreed to, and
-- to narrow, renew or withdraw it with them (DESIGN.md: withdrawing is as easy as giving). Nobody
-- else; the privacy officer may change it in the matrix (updatePolicy).
INSERT INTO policy_rule (organization_type, role, category, purpose, effect) VALUES
    ('ASSOCIATION', 'CASE_WORKER', 'CONSENTS', 'SUPPORT', 'MISSION'),
    ('DEPARTMENT', 'CASE_WORKER', 'CONSENTS', 'SUPPORT', 'MISSION');
