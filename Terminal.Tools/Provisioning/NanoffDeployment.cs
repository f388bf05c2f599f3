using System.Text.Json;
using System.Text.Json.Nodes;

namespace Terminal.Tools.Provisioning;

/// <summary>One file of a deployment: where it is on the PC and where it goes on the board.</summary>
public sealed record DeployedFile(string SourceFullPath, string DevicePath);

/// <summary>
/// The upload of a configuration file (and the factory application bundle) to a board's internal drive with nanoff's
/// file deployment (nanoFirmwareFlasher README, "Deploy file to device storage"): a JSON list of files, each
/// <c>DestinationFilePath</c> on the device and <c>SourceFilePath</c> on the PC; <c>SerialPort</c> is optional when the
/// command line gives <c>--serialport</c>.
/// </summary>
public static class NanoffDeployment
{
    /// <summary>Where the firmware reads its configuration (Terminal.Firmware/Core/Configuration/README.md).</summary>
    public const string DefaultDevicePath = @"I:\rp\config.txt";

    public const string PortPlaceholder = "<PORT>";

    public static string DeploymentJson(IReadOnlyList<DeployedFile> files, string? serialPort)
    {
        var root = new JsonObject();
        if (serialPort is not null)
        {
            root["SerialPort"] = serialPort;
        }

        var list = new JsonArray();
        foreach (var file in files)
        {
            list.Add(new JsonObject { ["DestinationFilePath"] = file.DevicePath, ["SourceFilePath"] = file.SourceFullPath });
        }

        root["Files"] = list;
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }

    /// <summary>The device path of a file in the same folder as <paramref name="devicePath"/> (e.g. I:\rp\fw-a.bin beside I:\rp\config.txt).</summary>
    public static string Beside(string devicePath, string fileName)
    {
        int separator = devicePath.LastIndexOf('\\');
        return (separator < 0 ? "" : devicePath[..(separator + 1)]) + fileName;
    }

    /// <summary>
    /// Upload only, to a board already running nanoFramework: no <c>--target</c>, so nanoff talks the wire protocol
    /// directly instead of first going through the ESP32 bootloader (esptool), which is for flashing.
    /// </summary>
    public static string UploadCommand(string deploymentJsonPath, string? serialPort) =>
        "nanoff --serialport " + (serialPort ?? PortPlaceholder) + " --filedeployment " + Quote(deploymentJsonPath);

    /// <summary>Flash the nanoFramework firmware and upload the configuration in one run.</summary>
    public static string FlashAndUploadCommand(string deploymentJsonPath, string? serialPort) =>
        "nanoff --target ESP32_PSRAM_REV3 --serialport " + (serialPort ?? PortPlaceholder) + " --update --filedeployment " + Quote(deploymentJsonPath);

    private static string Quote(string path) => path.Contains(' ') ? "\"" + path + "\"" : path;
}
