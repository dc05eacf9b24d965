using System.Diagnostics;
using System.Net;
using System.Net.Sockets;


namespace Platter.Testing;

/// <summary>
/// A real redis-server (Debian's package) on 127.0.0.1 on a free port, with its own data folder and
/// the append-only file on, so a restart shows what survives; stopped and removed on dispose.
/// </summary>
public sealed class LocalRedis : IAsyncDisposable
{
    private const string Binary = "/usr/bin/redis-server";
    private readonly TempFolder _data = new("platter-redis");
    private Process? _process;

    private LocalRedis(int port)
    {
        Port = port;
    }

    /// <summary>The port it listens on.</summary>
    public int Port { get; }

    /// <summary>HOST:PORT, as clients and <c>--redis</c> take it.</summary>
    public string Endpoint => $"127.0.0.1:{Port}";

    /// <summary>Starts a server; fails (never skips) when redis-server is not installed.</summary>
    public static async Task<LocalRedis> StartAsync()
    {
        if (!File.Exists(Binary))
        {
            throw new InvalidOperationException($"{Binary} is missing: run scripts/test.sh, which installs Debian's redis-server package.");
        }

        var redis = new LocalRedis(FreePort());
        await redis.LaunchAsync();
        return redis;
    }

    /// <summary>Stops the server as an operator would (SHUTDOWN, which syncs the append-only file) and starts it again on the same data.</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        await LaunchAsync();
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _data.Dispose();
    }

    private async Task LaunchAsync()
    {
        var info = new ProcessStartInfo(Binary)
        {
            ArgumentList = { "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", _data.Path, "--appendonly", "yes", "--save", "", "--daemonize", "no", "--protected-mode", "yes" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        _process = Process.Start(info)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            if (await PingAsync())
            {
                return;
            }

            if (_process.HasExited)
            {
                throw new InvalidOperationException($"redis-server exited with code {_process.ExitCode} on port {Port}.");
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"redis-server did not answer on {Endpoint} within 15 s.");
    }

    private async Task StopAsync()
    {
        if (_process is null || _process.HasExited)
        {
            return;
        }

        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, Port);
            var stream = client.GetStream();
            await stream.WriteAsync("*1\r\n$8\r\nSHUTDOWN\r\n"u8.ToArray());
        }
        catch (SocketException)
        {
            // Already gone.
        }

        if (!_process.WaitForExit(10_000))
        {
            _process.Kill();
        }

        _process.Dispose();
        _process = null;
    }

    private async Task<bool> PingAsync()
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, Port);
            var stream = client.GetStream();
            await stream.WriteAsync("*1\r\n$4\r\nPING\r\n"u8.ToArray());
            var buffer = new byte[64];
            var n = await stream.ReadAsync(buffer);
            return n > 0 && System.Text.Encoding.ASCII.GetString(buffer, 0, n).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (SocketException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
