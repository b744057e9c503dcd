-- The output checks a job's answer went through (response_format json_schema / json_object,
-- finish_reason), as the result line's "llmq": {"checks": [...]}; null when none ran.
ALTER TABLE job_results ADD COLUMN checks jsonb;
