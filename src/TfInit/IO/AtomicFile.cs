namespace TfInit.IO;

/// <summary>Writes whole files so that no half-written file is ever seen under the destination name.</summary>
public static class AtomicFile
{
    /// <summary>Writes <paramref name="text"/> (UTF-8) to a temporary file beside <paramref name="path"/>, then renames it.</summary>
    /// <param name="path">The destination.</param>
    /// <param name="text">The content; if writing fails, the temporary file is deleted and the destination is left as it was.</param>
    public static void WriteAllText(string path, string text)
    {
        using var file = new AtomicFileWriter(path);
        using (var writer = new StreamWriter(file.Stream, new System.Text.UTF8Encoding(false), leaveOpen: true))
        {
            writer.Write(text);
        }

        file.Commit();
    }
}
