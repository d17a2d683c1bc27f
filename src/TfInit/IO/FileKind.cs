using System.Runtime.InteropServices;

namespace TfInit.IO;

/// <summary>
/// What a path names once symbolic links are followed: nothing, a regular file, a folder, or something else (a
/// character device such as /dev/null, a FIFO, a socket). .NET reports all of the last kind as ordinary files, so
/// the type comes from POSIX <c>stat</c>.
/// </summary>
internal static class FileKind
{
    public enum Kind
    {
        Missing,
        Regular,
        Directory,
        Special,
    }

    private const uint TypeMask = 0xF000;   // S_IFMT
    private const uint RegularType = 0x8000;  // S_IFREG

    /// <summary>The kind of <paramref name="path"/>, following symbolic links.</summary>
    public static Kind Of(string path)
    {
        if (Directory.Exists(path))
        {
            return Kind.Directory;
        }

        if (!File.Exists(path))
        {
            return Kind.Missing;
        }

        return ModeOf(path) is { } mode && (mode & TypeMask) != RegularType ? Kind.Special : Kind.Regular;
    }

    /// <summary>st_mode, where this platform's struct stat layout is known (Linux x64 and arm64, macOS); else null.</summary>
    private static uint? ModeOf(string path)
    {
        int? offset = RuntimeInformation.ProcessArchitecture switch
        {
            _ when OperatingSystem.IsMacOS() => 4,
            Architecture.X64 when OperatingSystem.IsLinux() => 24,
            Architecture.Arm64 when OperatingSystem.IsLinux() => 16,
            _ => null,
        };
        if (offset is null)
        {
            return null;
        }

        var buffer = new byte[256];   // larger than struct stat on every platform above
        int result = OperatingSystem.IsMacOS() ? Native.MacStat(path, buffer) : Native.LinuxStat(path, buffer);
        if (result != 0)
        {
            return null;
        }

        return OperatingSystem.IsMacOS() ? BitConverter.ToUInt16(buffer, offset.Value) : BitConverter.ToUInt32(buffer, offset.Value);
    }

    private static class Native
    {
        [DllImport("libc.so.6", EntryPoint = "stat", SetLastError = true)]
        public static extern int LinuxStat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, byte[] buffer);

        [DllImport("libc", EntryPoint = "stat", SetLastError = true)]
        public static extern int MacStat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, byte[] buffer);
    }
}
