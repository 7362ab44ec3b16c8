ALTER TABLE "workflow_nodes" DROP CONSTRAINT "workflow_nodes_script_id_scripts_id_fk";
