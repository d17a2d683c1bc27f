namespace TfInit.IO;

/// <summary>Writes whole files so that no half-written file is ever seen under the destination name.</summary>
public static class AtomicFile
{
    /// <summary>Writes <paramref name="text"/> (UTF-8) to a temporary file beside <paramref name="path"/>, then renames it.</summary>
    /// <param name="path">The destination.</param>
    /// <param name="text">The content.</param>
    public static void WriteAllText(string path, string text) =>
        Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false), leaveOpen: true);
            writer.Write(text);
        });

    /// <summary>Lets <paramref name="write"/> fill a temporary file beside <paramref name="path"/>, then renames it over the destination.</summary>
    /// <param name="path">The destination.</param>
    /// <param name="write">Writes the content; if it throws, the temporary file is deleted and the destination is left as it was.</param>
    public static void Write(string path, Action<Stream> write)
    {
        using var file = new AtomicFileWriter(path);
        write(file.Stream);
        file.Commit();
    }
}
