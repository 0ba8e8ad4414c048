// A small Go benchmark suite for bench-gate's fixtures (tests/data/go/regenerate.sh): wall time,
// -benchmem's B/op and allocs/op, SetBytes' MB/s and a custom metric.
package work

import (
	"crypto/sha256"
	"testing"
)

// scale is the work per iteration, in percent (regenerate.sh edits it to make the slower head).
const scale = 100

func BenchmarkSHA256(b *testing.B) {
	data := make([]byte, 4096*scale/100)
	b.SetBytes(int64(len(data)))
	for i := 0; i < b.N; i++ {
		sha256.Sum256(data)
	}
}

var sink [][]byte

func BenchmarkAlloc(b *testing.B) {
	for i := 0; i < b.N; i++ {
		sink = append(sink[:0], make([]byte, 256))
	}
}

func BenchmarkChecksum(b *testing.B) {
	data := make([]byte, 1024)
	var total uint64
	for i := 0; i < b.N; i++ {
		for _, c := range data {
			total += uint64(c) + 1
		}
	}
	b.ReportMetric(float64(len(data)), "bytes/op-custom")
	_ = total
}
