// One source, two compilations: the TorchSharpNativeFix MSBuild task (build/TorchSharpNativeFix.targets, through
// RoslynCodeTaskFactory) patches the copies a build produces, and TfInit.Keras (compiled with TFINIT_LIBRARY) patches
// at run time the copy a host without that build (a notebook kernel, a C# script) would load.
#nullable enable
using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;

/// <summary>
/// The ELF facts behind TorchSharp's load failure on Debian 12: libLibTorchSharp.so requires the symbol version
/// GLIBCXX_3.4.32, which Debian 12's libstdc++ (up to 3.4.30) does not define; the only symbol bound to it is a marker
/// with no relocation, so setting VER_FLG_WEAK on that Vernaux entry of <c>.gnu.version_r</c> lets the loader accept it.
/// </summary>
internal static class ElfVersionNeeds
{
    internal const string TorchSharpVersion = "GLIBCXX_3.4.32";
    const ushort VerFlgWeak = 0x2;
    const uint ShtGnuVerdef = 0x6ffffffd, ShtGnuVerneed = 0x6ffffffe;

    /// <summary>True when <paramref name="elf"/> needs <paramref name="version"/> without the weak flag.</summary>
    internal static bool NeedsStrongly(byte[] elf, string version)
    {
        long off = FindVernauxFlags(elf, version);
        return off >= 0 && (Read(elf, off, 2) & VerFlgWeak) == 0;
    }

    /// <summary>Sets the weak flag of the <paramref name="version"/> requirement in place; false when there is none to set.</summary>
    internal static bool MarkWeak(byte[] elf, string version)
    {
        long off = FindVernauxFlags(elf, version);
        if (off < 0) return false;
        ushort flags = (ushort)Read(elf, off, 2);
        if ((flags & VerFlgWeak) != 0) return false;
        flags |= VerFlgWeak;
        elf[off] = (byte)flags;
        elf[off + 1] = (byte)(flags >> 8);
        return true;
    }

    /// <summary>True when the system's libstdc++ defines <paramref name="version"/> (then nothing needs patching).</summary>
    internal static bool SystemLibStdCxxDefines(string version)
    {
        string? path = FindSystemLibStdCxx();
        if (path == null) return false;
        try { return Defines(File.ReadAllBytes(path), version); }
        catch (IOException) { return false; }
        catch (UnauthorizedAccessException) { return false; }
        catch (InvalidDataException) { return false; }
    }

    sealed class Section { public string Name = ""; public uint Type, Link, Info; public long Offset, Size; }

    static ulong Read(byte[] b, long off, int n)
    {
        if (off < 0 || off + n > b.Length) throw new InvalidDataException("ELF offset out of range");
        ulong v = 0;
        for (int i = n - 1; i >= 0; i--) v = (v << 8) | b[off + i];
        return v;
    }

    static string CString(byte[] b, Section strtab, long index)
    {
        long start = strtab.Offset + index, end = start, limit = Math.Min(b.Length, strtab.Offset + strtab.Size);
        if (start >= limit) throw new InvalidDataException("ELF string out of range");
        while (end < limit && b[end] != 0) end++;
        return Encoding.ASCII.GetString(b, (int)start, (int)(end - start));
    }

    // Section headers named through .shstrtab; null when the file is not ELF64 little-endian.
    static List<Section>? Sections(byte[] b)
    {
        if (b.Length < 64 || b[0] != 0x7f || b[1] != (byte)'E' || b[2] != (byte)'L' || b[3] != (byte)'F' || b[4] != 2 || b[5] != 1)
            return null;
        long shoff = (long)Read(b, 0x28, 8), shnum = (long)Read(b, 0x3C, 2), shstrndx = (long)Read(b, 0x3E, 2);
        int shentsize = (int)Read(b, 0x3A, 2);
        if (shoff == 0 || shentsize < 64) return null;
        if (shnum == 0) shnum = (long)Read(b, shoff + 32, 8);          // extended numbering: sh_size of section 0
        if (shstrndx == 0xffff) shstrndx = (long)Read(b, shoff + 40, 4); // SHN_XINDEX: sh_link of section 0
        var sections = new List<Section>();
        var names = new List<long>();
        for (long i = 0; i < shnum; i++)
        {
            long h = shoff + i * shentsize;
            names.Add((long)Read(b, h, 4));
            sections.Add(new Section
            {
                Type = (uint)Read(b, h + 4, 4), Offset = (long)Read(b, h + 24, 8), Size = (long)Read(b, h + 32, 8),
                Link = (uint)Read(b, h + 40, 4), Info = (uint)Read(b, h + 44, 4),
            });
        }
        if (shstrndx >= sections.Count) return null;
        for (int i = 0; i < sections.Count; i++) sections[i].Name = CString(b, sections[(int)shstrndx], names[i]);
        return sections;
    }

    static Section? Find(List<Section>? sections, string name, uint type)
    {
        if (sections == null) return null;
        foreach (Section s in sections)
            if (s.Name == name && s.Type == type && s.Link < sections.Count) return s;
        return null;
    }

    // File offset of vna_flags of the Vernaux entry naming `version`, or -1.
    static long FindVernauxFlags(byte[] b, string version)
    {
        List<Section>? sections = Sections(b);
        Section? verneed = Find(sections, ".gnu.version_r", ShtGnuVerneed);
        if (sections == null || verneed == null) return -1;
        Section dynstr = sections[(int)verneed.Link];
        long vn = verneed.Offset;
        for (uint i = 0; i < verneed.Info; i++)
        {
            uint count = (uint)Read(b, vn + 2, 2);
            long aux = vn + (long)Read(b, vn + 8, 4);
            for (uint j = 0; j < count; j++)
            {
                // Vernaux: vna_hash(4) vna_flags(2) vna_other(2) vna_name(4) vna_next(4)
                if (CString(b, dynstr, (long)Read(b, aux + 8, 4)) == version) return aux + 4;
                uint next = (uint)Read(b, aux + 12, 4);
                if (next == 0) break;
                aux += next;
            }
            uint vnNext = (uint)Read(b, vn + 12, 4);
            if (vnNext == 0) break;
            vn += vnNext;
        }
        return -1;
    }

    // Does the library define (Verdef in .gnu.version_d) the version?
    static bool Defines(byte[] b, string version)
    {
        List<Section>? sections = Sections(b);
        Section? verdef = Find(sections, ".gnu.version_d", ShtGnuVerdef);
        if (sections == null || verdef == null) return false;
        Section dynstr = sections[(int)verdef.Link];
        long d = verdef.Offset;
        for (uint i = 0; i < verdef.Info; i++)
        {
            // Verdef: vd_version(2) vd_flags(2) vd_ndx(2) vd_cnt(2) vd_hash(4) vd_aux(4) vd_next(4); the first Verdaux names it.
            long aux = d + (long)Read(b, d + 12, 4);
            if (CString(b, dynstr, (long)Read(b, aux, 4)) == version) return true;
            uint next = (uint)Read(b, d + 16, 4);
            if (next == 0) break;
            d += next;
        }
        return false;
    }

    // ldconfig's order, simplified: LD_LIBRARY_PATH, then the usual system folders.
    static string? FindSystemLibStdCxx()
    {
        var dirs = new List<string>();
        string? ld = Environment.GetEnvironmentVariable("LD_LIBRARY_PATH");
        if (!string.IsNullOrEmpty(ld)) dirs.AddRange(ld.Split(new[] { ':' }, StringSplitOptions.RemoveEmptyEntries));
        string triplet = RuntimeInformation.OSArchitecture == Architecture.Arm64 ? "aarch64-linux-gnu" : "x86_64-linux-gnu";
        dirs.AddRange(new[] { "/usr/lib/" + triplet, "/lib/" + triplet, "/usr/lib64", "/lib64", "/usr/lib", "/lib" });
        foreach (string d in dirs)
        {
            string p = Path.Combine(d, "libstdc++.so.6");
            if (File.Exists(p)) return p;
        }
        return null;
    }
}

#if !TFINIT_LIBRARY
/// <summary>MSBuild task: marks the GLIBCXX requirement weak in every libLibTorchSharp.so under the search roots.</summary>
public class TorchSharpWeakenVersionNeed : Microsoft.Build.Utilities.Task
{
    [Microsoft.Build.Framework.Required] public Microsoft.Build.Framework.ITaskItem[] SearchRoots { get; set; } = Array.Empty<Microsoft.Build.Framework.ITaskItem>();
    [Microsoft.Build.Framework.Required] public string FileName { get; set; } = "";
    [Microsoft.Build.Framework.Required] public string VersionName { get; set; } = "";
    public string? StampFile { get; set; }   // written when every copy is in order, so the next build skips the scan

    bool incomplete;

    public override bool Execute()
    {
        if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux)) return true;
        if (ElfVersionNeeds.SystemLibStdCxxDefines(VersionName)) return WriteStamp();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (Microsoft.Build.Framework.ITaskItem root in SearchRoots)
        {
            string dir = Path.GetFullPath(root.ItemSpec);
            if (!Directory.Exists(dir)) continue;
            var files = new List<string>();
            try { files.AddRange(Directory.EnumerateFiles(dir, FileName, SearchOption.AllDirectories)); }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException) { incomplete = true; Log.LogMessage("TorchSharpNativeFix: cannot scan {0}: {1}", dir, e.Message); }
            foreach (string file in files)
                if (seen.Add(file)) PatchFile(file);
        }
        return incomplete ? !Log.HasLoggedErrors : WriteStamp();
    }

    bool WriteStamp()
    {
        if (!string.IsNullOrEmpty(StampFile)) File.WriteAllText(StampFile!, VersionName + "\n");
        return !Log.HasLoggedErrors;
    }

    void PatchFile(string path)
    {
        string? tmp = null;
        try
        {
            byte[] b = File.ReadAllBytes(path);
            if (!ElfVersionNeeds.MarkWeak(b, VersionName)) return;   // no such requirement, or already weak
            // Write beside, keep the mode bits and the mtime (so MSBuild's incremental copy sees no change), rename over:
            // a process that has the old file mapped never sees a half-written one.
            tmp = path + ".tsnf-" + Guid.NewGuid().ToString("N") + ".tmp";
            File.Copy(path, tmp);
            File.WriteAllBytes(tmp, b);
            File.SetLastWriteTimeUtc(tmp, File.GetLastWriteTimeUtc(path));
            File.Replace(tmp, path, null);
            tmp = null;
            Log.LogMessage("TorchSharpNativeFix: marked {0} weak in {1}", VersionName, path);
        }
        catch (InvalidDataException e) { Log.LogMessage("TorchSharpNativeFix: skipping {0}: {1}", path, e.Message); }
        catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
        {
            incomplete = true;
            Log.LogWarning(null, "TSNF001", null, path, 0, 0, 0, 0, "TorchSharpNativeFix: could not patch {0}: {1}", path, e.Message);
        }
        finally
        {
            if (tmp != null) try { File.Delete(tmp); } catch (IOException) { }
        }
    }
}
#endif
