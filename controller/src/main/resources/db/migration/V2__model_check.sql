-- The per-edit check of an edit's model step (JSON): the edit's own prompt, other phrasings of the
-- relation and unrelated facts, with the model's answers before and after. Portable SQL (H2, PostgreSQL).
ALTER TABLE concord_edit ADD COLUMN model_check VARCHAR(12000);
