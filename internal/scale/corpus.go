package scale

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
)

// Corpus writes copies 1..copies of every volume file into dir, as
// CopyID(volume, k).xml, using all cores. It returns the files written.
func Corpus(files []string, dir string, copies int) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	type job struct {
		file string
		data []byte
		k    int
	}
	jobs := make(chan job)
	var (
		mu       sync.Mutex
		written  []string
		firstErr error
		wg       sync.WaitGroup
	)
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				path, err := writeCopy(j.data, j.file, dir, j.k)
				mu.Lock()
				if err != nil && firstErr == nil {
					firstErr = err
				}
				if err == nil {
					written = append(written, path)
				}
				mu.Unlock()
			}
		}()
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			close(jobs)
			wg.Wait()
			return nil, err
		}
		for k := 1; k <= copies; k++ {
			jobs <- job{file: f, data: data, k: k}
		}
	}
	close(jobs)
	wg.Wait()
	return written, firstErr
}

func writeCopy(data []byte, file, dir string, k int) (string, error) {
	volume := strings.TrimSuffix(filepath.Base(file), filepath.Ext(file))
	path := filepath.Join(dir, CopyID(volume, k)+".xml")
	tmp := path + ".part"
	f, err := os.Create(tmp)
	if err != nil {
		return "", err
	}
	bw := bufio.NewWriterSize(f, 1<<20)
	err = Derive(bw, data, volume, k)
	if err == nil {
		err = bw.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp)
		return "", fmt.Errorf("%s: %w", path, err)
	}
	return path, os.Rename(tmp, path)
}
