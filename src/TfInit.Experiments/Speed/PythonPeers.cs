using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace TfInit.Experiments.Speed;

/// <summary>
/// The numpy and torch peers of the fill comparison, served by one long-lived python process: each request runs one
/// call and answers with its own time (perf_counter, in ms), so TfInit's fills and the peer's calls can alternate
/// repetition by repetition and load from other processes falls on both alike. A module python cannot import leaves
/// its peers out; an interpreter that cannot be started leaves them all out.
/// </summary>
internal sealed class PythonPeers : IDisposable
{
    // Peer names are the keys of 'cases'.
    private const string Script = """
        import sys, json, time
        rows, cols = int(sys.argv[1]), int(sys.argv[2])
        have, cases = {}, {}
        try:
            import numpy as np
            blas = ''
            try:
                from threadpoolctl import threadpool_info
                blas = ', '.join('%s %s (%s threads)' % (i.get('internal_api'), i.get('version'), i.get('num_threads')) for i in threadpool_info())
            except ImportError:
                # Without threadpoolctl, the BLAS and LAPACK files numpy.linalg loaded: with Debian's reference ones numpy's
                # QR is 15-20x slower than on OpenBLAS, and the Orthogonal ratios mean little against it.
                import numpy.linalg, os
                try:
                    with open('/proc/self/maps') as maps:
                        blas = ', '.join(sorted({os.path.realpath(l.split()[-1]) for l in maps if 'blas' in l or 'lapack' in l}))
                except OSError:
                    pass
            have['numpy'] = np.__version__ + (' with ' + blas if blas else '')
            g = np.random.default_rng(1)
            def ortho(r, c):
                if r < c:
                    return ortho(c, r).T
                q, t = np.linalg.qr(g.normal(size=(r, c)))
                q *= np.sign(np.diag(t))
                return q.astype(np.float32)
            hr, hc = max(1, rows // 2), max(1, cols // 2)
            cases.update({
                'legacy': lambda: np.random.randn(rows, cols),
                'rng32': lambda: g.standard_normal((rows, cols), dtype=np.float32),
                'rngu32': lambda: g.random((rows, cols), dtype=np.float32),
                'qr_half': lambda: ortho(hr, hc),
                'qr': lambda: ortho(rows, cols),
            })
        except ImportError:
            pass
        try:
            import torch
            have['torch'] = '%s (default %d threads)' % (torch.__version__, torch.get_num_threads())
            target = torch.empty(rows, cols)
            cases.update({
                'randn': lambda: torch.randn(rows, cols),
                'rand': lambda: torch.rand(rows, cols),
                'normal_': lambda: target.normal_(0, 0.05),
                'trunc_normal_': lambda: torch.nn.init.trunc_normal_(target, 0, 0.05, -0.1, 0.1),
            })
        except ImportError:
            torch = None
        print(json.dumps(have), flush=True)
        for line in sys.stdin:
            words = line.split()
            if words[0] == 'threads':
                if torch is not None:
                    torch.set_num_threads(int(words[1]))
                print('ok', flush=True)
                continue
            f = cases[words[1]]
            start = time.perf_counter()
            f()
            print(repr((time.perf_counter() - start) * 1000), flush=True)
        """;

    private readonly Process? _process;

    private PythonPeers(Process? process, Dictionary<string, string> modules)
    {
        _process = process;
        Modules = modules;
    }

    /// <summary>The importable modules (numpy, torch) with their versions, BLAS and thread counts.</summary>
    public IReadOnlyDictionary<string, string> Modules { get; }

    /// <summary>
    /// Starts <paramref name="python"/> for peers on a [rows, cols] tensor. A missing interpreter or one that exits
    /// before it answers gives no modules (<paramref name="failure"/> says why); it is not an error.
    /// </summary>
    public static PythonPeers Start(string python, int rows, int cols, out string? failure)
    {
        var info = new ProcessStartInfo(python)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(Script);
        info.ArgumentList.Add(rows.ToString(CultureInfo.InvariantCulture));
        info.ArgumentList.Add(cols.ToString(CultureInfo.InvariantCulture));
        // These pin OpenBLAS to kernels that are not the ones numpy users get on this CPU.
        info.Environment.Remove("OPENBLAS_CORETYPE");
        info.Environment.Remove("OPENBLAS_L2_SIZE");
        Process process;
        try
        {
            process = Process.Start(info)!;
        }
        catch (Win32Exception e)
        {
            failure = $"{python} cannot be started: {e.Message}";
            return new PythonPeers(null, []);
        }

        // stderr is drained in the background so that a chatty import cannot fill the pipe and stall the peer.
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        string? first = process.StandardOutput.ReadLine();
        Dictionary<string, string>? modules = null;
        try
        {
            modules = first is null ? null : JsonSerializer.Deserialize<Dictionary<string, string>>(first);
        }
        catch (JsonException)
        {
        }

        if (modules is null)
        {
            failure = $"{python} did not run the peer script";
            process.Kill();
            process.Dispose();
            return new PythonPeers(null, []);
        }

        failure = null;
        return new PythonPeers(process, modules);
    }

    /// <summary>Whether <paramref name="module"/> (numpy or torch) was importable.</summary>
    public bool Has(string module) => Modules.ContainsKey(module);

    /// <summary>Runs the peer call <paramref name="name"/> once and returns its milliseconds as python measured them.</summary>
    public double Time(string name) => double.Parse(Ask($"time {name}"), CultureInfo.InvariantCulture);

    /// <summary>Sets torch's intra-op threads.</summary>
    public void SetThreads(int threads) => Ask($"threads {threads.ToString(CultureInfo.InvariantCulture)}");

    private string Ask(string request)
    {
        var process = _process ?? throw new InvalidOperationException("no python peer is running.");
        process.StandardInput.WriteLine(request);
        process.StandardInput.Flush();
        return process.StandardOutput.ReadLine()
            ?? throw new InvalidOperationException($"the python peer exited during '{request}' (exit code {(process.WaitForExit(5000) ? process.ExitCode : -1)}).");
    }

    /// <summary>Ends the python process: closing its input ends its loop.</summary>
    public void Dispose()
    {
        if (_process is null)
        {
            return;
        }

        _process.StandardInput.Close();
        if (!_process.WaitForExit(10_000))
        {
            _process.Kill();
        }

        _process.Dispose();
    }
}
