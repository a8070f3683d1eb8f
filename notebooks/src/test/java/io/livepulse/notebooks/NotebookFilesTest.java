package io.livepulse.notebooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The committed notebooks carry no outputs (CI keeps the executed copies) and name the LivePulse kernel. */
class NotebookFilesTest {

    @Test
    void notebooksAreStrippedAndUseTheLivePulseKernel() throws Exception {
        try (var files = Files.list(Path.of("."))) {
            var notebooks = files.filter(p -> p.toString().endsWith(".ipynb")).toList();
            assertThat(notebooks).isNotEmpty();
            for (Path nb : notebooks) {
                JsonNode json = new ObjectMapper().readTree(nb.toFile());
                assertThat(json.at("/metadata/kernelspec/name").asText()).as(nb.toString()).isEqualTo(KernelSpec.NAME);
                for (JsonNode cell : json.get("cells")) {
                    if (cell.get("cell_type").asText().equals("code")) {
                        assertThat(cell.get("outputs")).as(nb + " outputs (strip them)").isEmpty();
                        assertThat(cell.get("execution_count").isNull()).as(nb + " execution_count").isTrue();
                    }
                }
            }
        }
    }
}
