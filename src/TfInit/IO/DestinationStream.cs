namespace TfInit.IO;

/// <summary>
/// The stream an <see cref="AtomicFileWriter"/> hands out: writes and flushes go to the file, and a failure among them
/// (disk full, size limit, I/O error) becomes one <see cref="OutputWriteException"/> naming the destination, not the
/// temporary file, whichever caller wrote.
/// </summary>
internal sealed class DestinationStream(FileStream file, string destination) : Stream
{
    public override bool CanRead => false;

    public override bool CanSeek => file.CanSeek;

    public override bool CanWrite => true;

    public override long Length => file.Length;

    public override long Position
    {
        get => file.Position;
        set => file.Position = value;
    }

    public override void Write(byte[] buffer, int offset, int count) => Guard(() => file.Write(buffer, offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        try
        {
            file.Write(buffer);
        }
        catch (Exception e) when (OutputWriteException.IsWriteFailure(e))
        {
            throw new OutputWriteException(destination, e);
        }
    }

    public override void WriteByte(byte value) => Guard(() => file.WriteByte(value));

    public override void Flush() => Guard(file.Flush);

    /// <summary>Flushes to the file and, with <paramref name="toDisk"/>, through to the disk.</summary>
    public void Flush(bool toDisk) => Guard(() => file.Flush(toDisk));

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => file.Seek(offset, origin);

    public override void SetLength(long value) => Guard(() => file.SetLength(value));

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            file.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Guard(Action write)
    {
        try
        {
            write();
        }
        catch (Exception e) when (OutputWriteException.IsWriteFailure(e))
        {
            throw new OutputWriteException(destination, e);
        }
    }
}
