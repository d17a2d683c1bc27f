using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace TfInit.IO;

/// <summary>
/// The temporary files and folders TfInit writes beside a destination before renaming them into place
/// (<c>.NAME.PID.GUID.tmp</c>): which are live in this process, their deletion when the process is interrupted, and
/// the removal of ones a killed process left behind.
/// </summary>
public static class TemporaryFiles
{
    private static readonly ConcurrentDictionary<string, byte> Live = new(StringComparer.Ordinal);
    private static readonly List<PosixSignalRegistration> Registrations = [];

    /// <summary>A fresh temporary name for <paramref name="name"/>, carrying this process's id so that others can tell it is alive.</summary>
    /// <param name="name">The destination's file or folder name.</param>
    /// <returns><c>.NAME.PID.GUID.tmp</c>.</returns>
    public static string NameFor(string name) => $".{name}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";

    /// <summary>Records a temporary file or folder to delete if the process is interrupted before it is renamed.</summary>
    /// <param name="path">The temporary path.</param>
    public static void Register(string path) => Live[path] = 0;

    /// <summary>Forgets a temporary path (it was renamed into place or deleted).</summary>
    /// <param name="path">The temporary path.</param>
    public static void Unregister(string path) => Live.TryRemove(path, out _);

    /// <summary>
    /// Deletes the temporary files and folders of this process on SIGINT, SIGTERM and SIGQUIT, then lets the signal
    /// end the process as it would have. An application (the <c>tfinit</c> command) calls this once; a library
    /// user who handles those signals can call <see cref="DeleteLive"/> instead.
    /// </summary>
    public static void DeleteOnTermination()
    {
        lock (Registrations)
        {
            if (Registrations.Count > 0 || OperatingSystem.IsWindows())
            {
                return;
            }

            foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGQUIT })
            {
                Registrations.Add(PosixSignalRegistration.Create(signal, _ => DeleteLive()));
            }
        }
    }

    /// <summary>Deletes every temporary file and folder this process has registered and not yet renamed.</summary>
    public static void DeleteLive()
    {
        foreach (string path in Live.Keys)
        {
            TryDelete(path);
            Live.TryRemove(path, out _);
        }
    }

    /// <summary>
    /// Deletes the temporaries for <paramref name="name"/> in <paramref name="directory"/> whose process is no longer
    /// running (killed with SIGKILL, or by a power cut). Ones of running processes are left alone.
    /// </summary>
    /// <param name="directory">The destination's folder.</param>
    /// <param name="name">The destination's file or folder name.</param>
    public static void RemoveStale(string directory, string name)
    {
        string prefix = $".{name}.";
        IEnumerable<string> entries;
        try
        {
            entries = Directory.EnumerateFileSystemEntries(directory, prefix + "*.tmp").ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return;   // the write itself will report the folder
        }

        foreach (string entry in entries)
        {
            string[] parts = Path.GetFileName(entry)[prefix.Length..^".tmp".Length].Split('.');
            if (parts is [var pid, var guid] && guid.Length == 32 && guid.All(char.IsAsciiHexDigit)
                && int.TryParse(pid, NumberStyles.None, CultureInfo.InvariantCulture, out int id) && !IsRunning(id))
            {
                TryDelete(entry);
            }
        }
    }

    private static bool IsRunning(int pid)
    {
        if (pid == Environment.ProcessId)
        {
            return true;
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
            else
            {
                File.Delete(path);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: a leftover temporary is named so that the next run removes it.
        }
    }
}
