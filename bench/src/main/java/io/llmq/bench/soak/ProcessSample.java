package io.llmq.bench.soak;

/**
 * One process's figures at one moment of a soak; -1 for a figure that could not be read.
 *
 * @param seconds      since the steady load began
 * @param heapAfterGc  heap in use ({@code jvm_memory_used_bytes{area="heap"}}) read right after a full collection
 * @param liveData     {@code jvm_gc_live_data_size_bytes}: the old generation after the last major collection
 * @param threads      {@code jvm_threads_live_threads} (platform threads; virtual threads are not counted)
 * @param openFiles    entries of {@code /proc/<pid>/fd}: files, sockets, pipes
 * @param sockets      those of them that are sockets (Kafka, PostgreSQL, HTTP)
 * @param dbConnections {@code hikaricp_connections_active}: connections lent out now (a leaked one never comes back; the pool's size only fills up to its maximum)
 */
record ProcessSample(long seconds, long heapAfterGc, long liveData, long threads, long openFiles, long sockets,
                     long dbConnections) {

    static double mb(long bytes) {
        return bytes < 0 ? -1 : Math.round(bytes / 1048576.0 * 10) / 10.0;
    }
}
