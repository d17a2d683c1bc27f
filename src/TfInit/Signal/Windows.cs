namespace TfInit.Signal;

/// <summary>
/// The window functions of <c>scipy.signal.get_window(name, M, fftbins)</c> that take no parameters (scipy 1.10,
/// <c>scipy/signal/windows/_windows.py</c>), under scipy's names and aliases, with scipy's arithmetic so the values agree
/// to rounding: a periodic window (<c>fftbins=True</c>) is the symmetric one of length M + 1 without its last sample,
/// and M &lt;= 1 gives ones. Windows that need parameters (kaiser, gaussian, chebwin, dpss, ...) are refused, as scipy
/// refuses them given a bare name.
/// </summary>
internal static class Windows
{
    private delegate void Symmetric(Span<double> w);

    // scipy's _win_equiv_raw: the aliases of each window without parameters.
    private static readonly (string[] Names, Symmetric Fill)[] Table =
    [
        (["barthann", "brthan", "bth"], Barthann),
        (["bartlett", "bart", "brt"], Bartlett),
        (["blackman", "black", "blk"], w => GeneralCosine(w, [0.42, 0.50, 0.08])),
        (["blackmanharris", "blackharr", "bkh"], w => GeneralCosine(w, [0.35875, 0.48829, 0.14128, 0.01168])),
        (["bohman", "bman", "bmn"], Bohman),
        (["boxcar", "box", "ones", "rect", "rectangular"], w => w.Fill(1.0)),
        (["cosine", "halfcosine"], Cosine),
        (["exponential", "poisson"], Exponential),
        (["flattop", "flat", "flt"], w => GeneralCosine(w, [0.21557895, 0.41663158, 0.277263158, 0.083578947, 0.006947368])),
        (["hamming", "hamm", "ham"], w => GeneralHamming(w, 0.54)),
        (["hann", "han"], w => GeneralHamming(w, 0.5)),
        (["lanczos", "sinc"], Lanczos),
        (["nuttall", "nutl", "nut"], w => GeneralCosine(w, [0.3635819, 0.4891775, 0.1365995, 0.0106411])),
        (["parzen", "parz", "par"], Parzen),
        (["taylor", "taylorwin"], Taylor),
        (["triangle", "triang", "tri"], Triang),
        (["tukey", "tuk"], Tukey),
    ];

    // scipy's windows that need parameters: a bare name is "needs one or more parameters -- pass a tuple".
    private static readonly string[] NeedParameters =
    [
        "chebwin", "cheb", "dpss", "gaussian", "gauss", "gss", "general cosine", "general_cosine", "general gaussian",
        "general_gaussian", "general gauss", "general_gauss", "ggs", "general hamming", "general_hamming", "kaiser", "ksr",
        "kaiser bessel derived", "kbd",
    ];

    /// <summary>Every accepted name, scipy's aliases included.</summary>
    public static IReadOnlyList<string> Names { get; } = Table.SelectMany(t => t.Names).ToArray();

    /// <summary>Throws unless <paramref name="name"/> is a window this class computes.</summary>
    /// <param name="name">The window's name.</param>
    /// <param name="paramName">The parameter that holds it, for the message.</param>
    /// <exception cref="ArgumentException">An unknown name, or a window that needs parameters.</exception>
    public static void CheckName(string name, string paramName) => Find(name, paramName);

    /// <summary><c>scipy.signal.get_window(name, length, fftbins=periodic)</c>.</summary>
    /// <param name="name">A name of <see cref="Names"/>.</param>
    /// <param name="length">The number of samples, at least 0.</param>
    /// <param name="periodic">True for the periodic (DFT-even) window, false for the symmetric one.</param>
    /// <returns>The window.</returns>
    public static double[] Get(string name, int length, bool periodic)
    {
        var fill = Find(name, "window");
        if (length <= 1)
        {
            return Enumerable.Repeat(1.0, length).ToArray();
        }

        var w = new double[periodic ? length + 1 : length];
        fill(w);
        return periodic ? w[..length] : w;
    }

    private static Symmetric Find(string name, string paramName)
    {
        foreach (var (names, fill) in Table)
        {
            if (names.Contains(name))
            {
                return fill;
            }
        }

        string why = NeedParameters.Contains(name)
            ? $"the '{name}' window needs one or more parameters, which scipy takes only in a tuple (and Keras's STFT passes names alone)"
            : $"unknown window type '{name}'";
        throw new ArgumentException($"{why}; allowed: {string.Join(", ", Names)}, a list of values, or null for no window.", paramName);
    }

    /// <summary>numpy's <c>linspace(start, stop, M)[i]</c>: i * step + start, the last sample exactly stop.</summary>
    private static double Linspace(double start, double stop, int m, int i) =>
        i == m - 1 ? stop : (i * ((stop - start) / (m - 1))) + start;

    /// <summary>scipy's general_cosine: sum over k of a[k] cos(k x), x = linspace(-pi, pi, M).</summary>
    private static void GeneralCosine(Span<double> w, double[] a)
    {
        int m = w.Length;
        for (int i = 0; i < m; i++)
        {
            double fac = Linspace(-Math.PI, Math.PI, m, i);
            double sum = 0;
            for (int k = 0; k < a.Length; k++)
            {
                sum += a[k] * Math.Cos(k * fac);
            }

            w[i] = sum;
        }
    }

    private static void GeneralHamming(Span<double> w, double alpha) => GeneralCosine(w, [alpha, 1.0 - alpha]);

    private static void Triang(Span<double> w)
    {
        int m = w.Length;
        for (int i = 0; i < m; i++)
        {
            // n runs 1 .. (M+1)//2 up the first half and mirrors down the second.
            int n = Math.Min(i, m - 1 - i) + 1;
            w[i] = m % 2 == 0 ? ((2 * n) - 1.0) / m : 2 * n / (m + 1.0);
        }
    }

    private static void Parzen(Span<double> w)
    {
        int m = w.Length;
        for (int i = 0; i < m; i++)
        {
            double n = Math.Abs(-(m - 1) / 2.0 + i);
            double r = n / (m / 2.0);
            w[i] = n > (m - 1) / 4.0
                ? 2 * Math.Pow(1 - r, 3.0)
                : 1 - (6 * Math.Pow(r, 2.0)) + (6 * Math.Pow(r, 3.0));
        }
    }

    private static void Bohman(Span<double> w)
    {
        int m = w.Length;
        w[0] = 0;
        w[m - 1] = 0;
        for (int i = 1; i < m - 1; i++)
        {
            double fac = Math.Abs(Linspace(-1, 1, m, i));
            w[i] = ((1 - fac) * Math.Cos(Math.PI * fac)) + (1.0 / Math.PI * Math.Sin(Math.PI * fac));
        }
    }

    private static void Bartlett(Span<double> w)
    {
        int m = w.Length;
        for (int n = 0; n < m; n++)
        {
            w[n] = n <= (m - 1) / 2.0 ? 2.0 * n / (m - 1) : 2.0 - (2.0 * n / (m - 1));
        }
    }

    private static void Tukey(Span<double> w)
    {
        const double alpha = 0.5;
        int m = w.Length;
        int width = (int)Math.Floor(alpha * (m - 1) / 2.0);
        for (int n = 0; n < m; n++)
        {
            w[n] = n <= width ? 0.5 * (1 + Math.Cos(Math.PI * (-1 + (2.0 * n / alpha / (m - 1)))))
                : n >= m - width - 1 ? 0.5 * (1 + Math.Cos(Math.PI * ((-2.0 / alpha) + 1 + (2.0 * n / alpha / (m - 1)))))
                : 1.0;
        }
    }

    private static void Barthann(Span<double> w)
    {
        int m = w.Length;
        for (int n = 0; n < m; n++)
        {
            double fac = Math.Abs((n / (m - 1.0)) - 0.5);
            w[n] = 0.62 - (0.48 * fac) + (0.38 * Math.Cos(2 * Math.PI * fac));
        }
    }

    private static void Cosine(Span<double> w)
    {
        int m = w.Length;
        for (int n = 0; n < m; n++)
        {
            w[n] = Math.Sin(Math.PI / m * (n + .5));
        }
    }

    private static void Exponential(Span<double> w)
    {
        int m = w.Length;
        double center = (m - 1) / 2.0;
        for (int n = 0; n < m; n++)
        {
            w[n] = Math.Exp(-Math.Abs(n - center) / 1.0);
        }
    }

    /// <summary>scipy's taylor(M, nbar=4, sll=30, norm=True), normalized to 1 at the centre.</summary>
    private static void Taylor(Span<double> w)
    {
        const int nbar = 4;
        const double sll = 30;
        int m = w.Length;
        double b = Math.Pow(10, sll / 20);
        double a = Math.Acosh(b) / Math.PI;
        double s2 = nbar * nbar / ((a * a) + Math.Pow(nbar - 0.5, 2));
        var fm = new double[nbar - 1];
        for (int mi = 0; mi < fm.Length; mi++)
        {
            int mm = mi + 1;
            double m2 = mm * mm;
            double numer = mi % 2 == 0 ? 1 : -1;
            double product = 1;
            for (int j = 1; j < nbar; j++)
            {
                product *= 1 - (m2 / s2 / ((a * a) + Math.Pow(j - 0.5, 2)));
            }

            numer *= product;
            double below = 1;
            double above = 1;
            for (int j = 1; j < nbar; j++)
            {
                if (j < mm)
                {
                    below *= 1 - (m2 / (j * j));
                }
                else if (j > mm)
                {
                    above *= 1 - (m2 / (j * j));
                }
            }

            fm[mi] = numer / (2 * below * above);
        }

        double W(double n)
        {
            double dot = 0;
            for (int k = 0; k < fm.Length; k++)
            {
                dot += fm[k] * Math.Cos(2 * Math.PI * (k + 1) * (n - (m / 2.0) + 0.5) / m);
            }

            return 1 + (2 * dot);
        }

        double scale = 1.0 / W((m - 1) / 2.0);
        for (int n = 0; n < m; n++)
        {
            w[n] = W(n) * scale;
        }
    }

    /// <summary>scipy's lanczos: sinc(2n / (M - 1) - 1) on the right half, mirrored, with numpy's sinc.</summary>
    private static void Lanczos(Span<double> w)
    {
        int m = w.Length;
        for (int n = 0; n < m; n++)
        {
            int right = Math.Max(n, m - 1 - n);
            double x = (2.0 * right / (m - 1)) - 1.0;
            double y = Math.PI * (x == 0 ? 1.0e-20 : x);
            w[n] = m % 2 == 1 && right == (m - 1) / 2 ? 1.0 : Math.Sin(y) / y;
        }
    }
}
