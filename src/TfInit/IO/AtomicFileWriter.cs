namespace TfInit.IO;

/// <summary>
/// Writes a file atomically: the content goes to a temporary file in the destination's directory,
/// which <see cref="Commit"/> flushes to disk and moves over the destination. Disposing without a
/// commit (e.g. after an exception) deletes the temporary file, so no half-written file is left.
/// </summary>
public sealed class AtomicFileWriter : IDisposable
{
    private readonly string _path;
    private readonly string _tempPath;
    private FileStream? _stream;
    private bool _committed;

    /// <summary>Creates the temporary file next to <paramref name="path"/>.</summary>
    /// <param name="path">The destination file.</param>
    /// <exception cref="ArgumentException">The path has no containing directory.</exception>
    public AtomicFileWriter(string path)
    {
        _path = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(_path) ?? throw new ArgumentException(
            $"Cannot write to '{path}': it has no containing directory.", nameof(path));
        _tempPath = Path.Combine(directory, $".{Path.GetFileName(_path)}.{Guid.NewGuid():N}.tmp");
        _stream = new FileStream(_tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
    }

    /// <summary>The stream to write the content to.</summary>
    public Stream Stream => _stream ?? throw new ObjectDisposedException(nameof(AtomicFileWriter));

    /// <summary>Flushes the content to disk and moves it over the destination, replacing any existing file.</summary>
    public void Commit()
    {
        FileStream stream = _stream ?? throw new ObjectDisposedException(nameof(AtomicFileWriter));
        stream.Flush(flushToDisk: true);
        stream.Dispose();
        _stream = null;
        File.Move(_tempPath, _path, overwrite: true);
        _committed = true;
    }

    /// <summary>Closes the temporary file and, unless committed, deletes it.</summary>
    public void Dispose()
    {
        _stream?.Dispose();
        _stream = null;
        if (!_committed)
        {
            try
            {
                File.Delete(_tempPath);
            }
            catch (IOException)
            {
                // Best effort: the original exception matters more.
            }
            catch (UnauthorizedAccessException)
            {
                // Best effort, as above.
            }
        }
    }
}
