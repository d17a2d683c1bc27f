namespace TfInit.IO;

/// <summary>
/// Writes a file atomically: the content goes to a temporary file in the destination's directory,
/// which <see cref="Commit"/> flushes to disk and moves over the destination. Disposing without a
/// commit (e.g. after an exception) deletes the temporary file, so no half-written file is left.
/// </summary>
/// <remarks>
/// Only regular files are replaced by rename. A destination that is a character device, FIFO or socket
/// (<c>/dev/null</c>, <c>/dev/stdout</c> on a pipe or terminal, a named pipe) is written straight to: renaming
/// over it would replace the device node itself. A symbolic link is followed: its final target is written
/// atomically and the link stays a link. Temporary files are named <c>.NAME.GUID.tmp</c>; ones left behind by a
/// killed process are removed by the next write to the same destination, and
/// <see cref="TemporaryFiles"/> deletes live ones when the process is interrupted.
/// </remarks>
public sealed class AtomicFileWriter : IDisposable
{
    private readonly string _path;
    private readonly string _given;
    private readonly string? _tempPath;
    private DestinationStream? _stream;
    private bool _committed;

    /// <summary>Creates the temporary file next to <paramref name="path"/>.</summary>
    /// <param name="path">The destination file.</param>
    /// <exception cref="ArgumentException">The path has no containing directory.</exception>
    public AtomicFileWriter(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        _given = path;
        _path = Path.GetFullPath(path);
        if (FileKind.Of(_path) == FileKind.Kind.Special)
        {
            // Written in place, never renamed over: there is no half-written file to hide on a device or pipe.
            _tempPath = null;
            _stream = new DestinationStream(new FileStream(_path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, 1 << 16), path);
            return;
        }

        if (new FileInfo(_path).LinkTarget is not null && new FileInfo(_path).ResolveLinkTarget(returnFinalTarget: true) is { } target)
        {
            _path = target.FullName;
        }

        string directory = Path.GetDirectoryName(_path) ?? throw new ArgumentException(
            $"Cannot write to '{path}': it has no containing directory.", nameof(path));
        TemporaryFiles.RemoveStale(directory, Path.GetFileName(_path));
        _tempPath = Path.Combine(directory, TemporaryFiles.NameFor(Path.GetFileName(_path)));
        _stream = new DestinationStream(new FileStream(_tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16), path);
        TemporaryFiles.Register(_tempPath);
    }

    /// <summary>
    /// The stream to write the content to. A write that fails (disk full, size limit, I/O error) throws an
    /// <see cref="OutputWriteException"/> naming the destination; disposing the writer then deletes the temporary file.
    /// </summary>
    public Stream Stream => _stream ?? throw new ObjectDisposedException(nameof(AtomicFileWriter));

    /// <summary>Flushes the content to disk and moves it over the destination, replacing any existing file.</summary>
    /// <exception cref="OutputWriteException">The flush or the rename failed; the destination is untouched.</exception>
    public void Commit()
    {
        DestinationStream stream = _stream ?? throw new ObjectDisposedException(nameof(AtomicFileWriter));
        try
        {
            // A device or pipe has no disk to flush to; a regular file is on disk before it is renamed into place.
            stream.Flush(toDisk: _tempPath is not null);
            stream.Dispose();
            _stream = null;
            if (_tempPath is not null)
            {
                File.Move(_tempPath, _path, overwrite: true);
                TemporaryFiles.Unregister(_tempPath);
            }
        }
        catch (Exception e) when (OutputWriteException.IsWriteFailure(e))
        {
            throw e as OutputWriteException ?? new OutputWriteException(_given, e);
        }

        _committed = true;
    }

    /// <summary>Closes the temporary file and, unless committed, deletes it.</summary>
    public void Dispose()
    {
        try
        {
            _stream?.Dispose();
        }
        catch (Exception e) when (!_committed && OutputWriteException.IsWriteFailure(e))
        {
            // Closing flushes what is buffered, which fails again after a failed write; the temporary goes all the same.
        }

        _stream = null;
        if (!_committed && _tempPath is not null)
        {
            TemporaryFiles.Unregister(_tempPath);
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
