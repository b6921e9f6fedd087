package dev.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.testkit.transport.RetryingLineClient;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The verdict of a Jepsen-style run on one conversation: every message sent is acked and stored (good),
 * acked and missing (lost), stored but never acked (allowed), or stored twice (doubled).
 *
 * @param sent     messages the clients meant to send
 * @param acked    clientMsgId to the seq its ack gave
 * @param stored   seq to clientMsgId, as the database holds them after the run
 */
record DeliveryClassification(int sent, Map<String, Long> acked, Map<Long, String> stored) {

    long lost() {
        Map<String, Integer> copies = copies();
        return acked.keySet().stream().filter(id -> !copies.containsKey(id)).count();
    }

    long doubled() {
        return copies().values().stream().filter(n -> n > 1).count();
    }

    long storedNotAcked() {
        return copies().keySet().stream().filter(id -> !acked.containsKey(id)).count();
    }

    private Map<String, Integer> copies() {
        Map<String, Integer> copies = new HashMap<>();
        stored.values().forEach(id -> copies.merge(id, 1, Integer::sum));
        return copies;
    }

    /** One line for the build log, as ParleyKillIT prints it. */
    String summary(String fault, List<RetryingLineClient> clients) {
        return String.format("%s: %d sent, %d acked and stored, %d lost, %d stored but not acked, %d doubled; "
                        + "reconnects %s", fault, sent, acked.size() - lost(), lost(), storedNotAcked(), doubled(),
                clients.stream().map(c -> c.username() + "=" + c.reconnects()).toList());
    }

    /**
     * Nothing acked is missing, nothing is stored twice, every send was acked, seqs are gapless, each
     * ack's seq holds its message, and every client's view after a resync is the database's.
     */
    void assertSound(List<RetryingLineClient> clients) {
        assertThat(lost()).as("acked but missing").isZero();
        assertThat(doubled()).as("stored twice").isZero();
        assertThat(acked).as("every send acked in the end").hasSize(sent);
        assertThat(stored.keySet()).as("gapless seqs").containsExactlyElementsOf(
                IntStream.rangeClosed(1, stored.size()).mapToObj(Long::valueOf).toList());
        acked.forEach((id, seq) -> assertThat(stored.get(seq)).as("the ack's seq holds " + id).isEqualTo(id));
        for (RetryingLineClient client : clients) {
            assertThat(client.seen()).as(client.username() + " converges to the database").isEqualTo(stored);
        }
    }
}
