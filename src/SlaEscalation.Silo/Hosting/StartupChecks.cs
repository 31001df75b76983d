using System.Net;
using System.Net.Sockets;
using Npgsql;
using SlaEscalation.Silo.Database;

namespace SlaEscalation.Silo.Hosting;

/// <summary>
/// What must hold before the silo starts. Each check throws a <see cref="StartupFailure"/> whose message says
/// what to fix, so a bad deployment stops in a second with one line instead of a stack trace minutes later.
/// </summary>
public static class StartupChecks
{
    /// <summary>Fails when a port the silo needs is taken.</summary>
    public static void PortsAreFree(SiloSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        PortIsFree(IPAddress.Any, settings.SiloPort, SiloSettings.SiloPortKey);
        if (settings.GatewayPort != 0)
        {
            PortIsFree(IPAddress.Any, settings.GatewayPort, SiloSettings.GatewayPortKey);
        }

        PortIsFree(settings.HttpListenAddress, settings.HttpPort, SiloSettings.HttpPortKey);
    }

    /// <summary>
    /// Fails when an address the silo listens on is not one of this machine's: the HTTP address, and when durable the
    /// advertised address (the silo port listens on it alone). Kestrel and Orleans would fail later, without naming it.
    /// </summary>
    public static void AddressesAreOwn(SiloSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        AddressIsOwn(settings.HttpListenAddress, SiloSettings.HttpListenAddressKey,
            "use one it has (0.0.0.0 for every interface, 127.0.0.1 for this machine alone)");
        if (settings.Mode == StorageMode.Durable)
        {
            AddressIsOwn(settings.AdvertisedAddress, SiloSettings.AdvertisedAddressKey,
                "a durable silo listens on it for its peers, so use one it has (on Kubernetes, the pod IP)");
        }
    }

    /// <summary>Fails when <paramref name="address"/> (set by <paramref name="key"/>) is not one of this machine's.</summary>
    public static void AddressIsOwn(IPAddress address, string key, string advice)
    {
        ArgumentNullException.ThrowIfNull(address);
        try
        {
            // Port 0: any free port will do, so only the address itself can make this fail.
            using var probe = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            probe.Bind(new IPEndPoint(address, 0));
        }
        catch (SocketException ex) when (ex.SocketErrorCode is SocketError.AddressNotAvailable or SocketError.AddressFamilyNotSupported)
        {
            throw new StartupFailure($"{SiloSettings.Env(key)} {address} is not an address of this machine: {advice}.", ex);
        }
    }

    /// <summary>Fails when PostgreSQL cannot be reached or lacks a schema migration this build needs.</summary>
    public static async Task DatabaseIsReadyAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        var missing = await new SchemaMigrator(dataSource).FindMissingAsync(cancellationToken);
        if (missing.Count > 0)
        {
            throw new StartupFailure(
                $"PostgreSQL at {SchemaMigrator.Describe(dataSource.ConnectionString)} is missing schema migrations " +
                $"{string.Join(", ", missing)}: run 'SlaEscalation.Silo migrate --postgres <connection string>' first.");
        }
    }

    /// <summary>Fails when <paramref name="port"/> (set by <paramref name="key"/>) is taken on <paramref name="address"/>.</summary>
    public static void PortIsFree(IPAddress address, int port, string key)
    {
        using var probe = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            // No SO_REUSEADDR: a port another process listens on must fail here, as it would for the silo.
            probe.ExclusiveAddressUse = true;
            probe.Bind(new IPEndPoint(address, port));
        }
        catch (SocketException ex) when (ex.SocketErrorCode is SocketError.AddressAlreadyInUse or SocketError.AccessDenied)
        {
            throw new StartupFailure(
                $"port {port} ({key}) is already in use: stop what listens on it or choose another with {SiloSettings.Env(key)}.",
                ex);
        }
    }
}
