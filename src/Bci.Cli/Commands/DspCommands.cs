using System.CommandLine;
using System.Globalization;
using System.Numerics;
using Bci.Dsp.Filters;

namespace Bci.Cli.Commands;

/// <summary>The bci verbs of the Dsp area: `bci dsp design` prints a filter's sections and can plot its response.</summary>
public sealed class DspCommands : ICommandModule
{
    public IEnumerable<Command> CreateCommands()
    {
        yield return new Command("dsp", "Signal processing tools") { DesignCommand() };
    }

    private static Command DesignCommand()
    {
        var type = new Option<string>("--type") { Description = "bandpass | bandstop | lowpass | highpass | notch", DefaultValueFactory = _ => "bandpass" };
        var order = new Option<int>("--order") { Description = "Butterworth order (a band-pass of order N has 2N poles)", DefaultValueFactory = _ => 4 };
        var low = new Option<double?>("--low") { Description = "Low edge / cut-off / notch frequency in Hz" };
        var high = new Option<double?>("--high") { Description = "High edge in Hz (band-pass, band-stop)" };
        var rate = new Option<double>("--rate") { Description = "Sampling rate in Hz", Required = true };
        var q = new Option<double>("--q") { Description = "Notch quality factor (frequency / bandwidth)", DefaultValueFactory = _ => 30 };
        var harmonics = new Option<int>("--harmonics") { Description = "Notch: how many harmonics, counting the fundamental", DefaultValueFactory = _ => 1 };
        var plot = new Option<FileInfo?>("--plot") { Description = "Write the magnitude response (dB) as a PNG" };
        var command = new Command("design", "Design a filter: prints its second-order sections (scipy's sos layout) and gains; optionally plots it")
        {
            type, order, low, high, rate, q, harmonics, plot,
        };
        command.SetAction(parse =>
        {
            SecondOrderSections sos;
            string title;
            try
            {
                (sos, title) = Design(parse.GetValue(type)!, parse.GetValue(order), parse.GetValue(low), parse.GetValue(high), parse.GetValue(rate),
                    parse.GetValue(q), parse.GetValue(harmonics));
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine($"bci dsp design: {e.Message.Split(Environment.NewLine)[0]}");
                return 2;
            }
            Print(sos, title, parse.GetValue(rate));
            var png = parse.GetValue(plot);
            if (png is not null)
            {
                Plot(sos, title, parse.GetValue(rate), png.FullName);
                Console.WriteLine($"wrote {png.FullName}");
            }
            return 0;
        });
        return command;
    }

    private static (SecondOrderSections Sos, string Title) Design(string type, int order, double? low, double? high, double rate, double q, int harmonics)
    {
        double Need(double? value, string name) => value ?? throw new ArgumentException($"--{name} is required for --type {type}");
        return type.ToLowerInvariant() switch
        {
            "bandpass" => (ButterworthDesign.Bandpass(order, Need(low, "low"), Need(high, "high"), rate), $"Butterworth band-pass {low}-{high} Hz, order {order}, {rate} Hz"),
            "bandstop" => (ButterworthDesign.Bandstop(order, Need(low, "low"), Need(high, "high"), rate), $"Butterworth band-stop {low}-{high} Hz, order {order}, {rate} Hz"),
            "lowpass" => (ButterworthDesign.Lowpass(order, Need(low, "low"), rate), $"Butterworth low-pass {low} Hz, order {order}, {rate} Hz"),
            "highpass" => (ButterworthDesign.Highpass(order, Need(low, "low"), rate), $"Butterworth high-pass {low} Hz, order {order}, {rate} Hz"),
            "notch" => (NotchDesign.Harmonics(Need(low, "low"), q, rate, harmonics), $"Notch {low} Hz x{harmonics}, Q {q}, {rate} Hz"),
            _ => throw new ArgumentException($"unknown --type '{type}' (bandpass, bandstop, lowpass, highpass, notch)"),
        };
    }

    private static void Print(SecondOrderSections sos, string title, double rate)
    {
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine($"{title}: {sos}, {(sos.IsStable ? "stable" : "UNSTABLE")}");
        Console.WriteLine("sos = [  # b0, b1, b2, a0, a1, a2 per section (scipy.signal's layout)");
        for (var s = 0; s < sos.SectionCount; s++)
            Console.WriteLine("  [" + string.Join(", ", Enumerable.Range(0, 6).Select(k => sos[s, k].ToString("R", inv))) + "],");
        Console.WriteLine("]");
        var probes = new[] { 1.0, 4, 8, 10, 13, 20, 30, 40, 50, 60, 100 }.Where(f => f < rate / 2);
        Console.WriteLine("gain: " + string.Join(", ", probes.Select(f => string.Create(inv, $"{f:0.#} Hz {sos.GainDb(f, rate):0.0} dB"))));
    }

    private static void Plot(SecondOrderSections sos, string title, double rate, string path)
    {
        const int points = 2000;
        var frequencies = new double[points];
        var gains = new double[points];
        var phases = new double[points];
        for (var i = 0; i < points; i++)
        {
            frequencies[i] = (i + 0.5) * rate / 2 / points;
            var h = sos.Response(frequencies[i], rate);
            gains[i] = Math.Max(20 * Math.Log10(Math.Max(Complex.Abs(h), 1e-300)), -120);
            phases[i] = h.Phase * 180 / Math.PI;
        }
        var plot = new ScottPlot.Plot();
        plot.Add.ScatterLine(frequencies, gains);
        plot.Title(title);
        plot.XLabel("frequency (Hz)");
        plot.YLabel("gain (dB)");
        plot.Axes.SetLimitsY(-120, 5);
        plot.SavePng(path, 900, 500);
    }
}
