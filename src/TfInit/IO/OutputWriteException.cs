namespace TfInit.IO;

/// <summary>
/// An output that was opened could not be written to the end: the disk or quota is full, the file exceeds the file
/// system's or the process's size limit, or the device reported an I/O error. Not a mistake in the command line
/// (the path was accepted), so the <c>tfinit</c> command exits with 1, naming the path the user gave.
/// The temporary file of an atomic write has been deleted by then; the destination is untouched.
/// </summary>
public sealed class OutputWriteException : IOException
{
    /// <summary>Wraps the failure <paramref name="inner"/> of writing <paramref name="path"/>.</summary>
    /// <param name="path">The destination as the user named it.</param>
    /// <param name="inner">What the write, flush or rename threw.</param>
    public OutputWriteException(string path, Exception inner)
        : base($"cannot write '{path}': {Reason(inner)}.", inner)
    {
        Path = path;
        HResult = inner.HResult;
    }

    /// <summary>The destination that could not be written.</summary>
    public string Path { get; }

    /// <summary>
    /// Whether <paramref name="e"/> is how .NET reports a write that the system refused: an <see cref="IOException"/>
    /// (ENOSPC, EDQUOT, EIO...), or the <see cref="ArgumentOutOfRangeException"/> on the file length it throws for EFBIG
    /// (a file beyond the file system's or the process's size limit).
    /// </summary>
    /// <param name="e">What a write, flush or close threw.</param>
    /// <returns>True for a failed write; false for anything else, including an <see cref="OutputWriteException"/> already made.</returns>
    public static bool IsWriteFailure(Exception e) =>
        e is IOException and not OutputWriteException || e is ArgumentOutOfRangeException { ParamName: "value" };

    /// <summary>
    /// The system's reason without the temporary file's name (.NET appends " : 'path'" to I/O messages; a file
    /// beyond the size limit surfaces as an ArgumentOutOfRangeException about the length).
    /// </summary>
    private static string Reason(Exception inner)
    {
        if (inner is ArgumentOutOfRangeException)
        {
            return "the file would exceed the largest size the file system or this process allows (EFBIG)";
        }

        string message = inner.Message;
        int at = message.IndexOf(" : '", StringComparison.Ordinal);
        return (at > 0 ? message[..at] : message).TrimEnd('.', ' ');
    }
}
