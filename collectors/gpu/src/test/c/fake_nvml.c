/*
 * A stand-in for libnvidia-ml.so.1 for the GPU collector's tests: it exports the NVML symbols the
 * collector calls, with the real signatures and struct layouts of nvml.h (re-declared below, with
 * static asserts on the sizes the real header gives on LP64), and extra fake_* functions through
 * which a test scripts what each GPU reports. Built by the tests with
 *   gcc -shared -fPIC -pthread -o libfakenvml.so fake_nvml.c
 * and, with -DFAKE_NO_MEMORY_V2, without nvmlDeviceGetMemoryInfo_v2 (an older driver).
 */
#include <errno.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

typedef int nvmlReturn_t;
typedef struct fake_device *nvmlDevice_t;
typedef struct fake_event_set *nvmlEventSet_t;
typedef int nvmlTemperatureSensors_t;
typedef int nvmlClockType_t;

typedef struct nvmlUtilization_st {
    unsigned int gpu;
    unsigned int memory;
} nvmlUtilization_t;

typedef struct nvmlMemory_st {
    unsigned long long total;
    unsigned long long free;
    unsigned long long used;
} nvmlMemory_t;

typedef struct nvmlMemory_v2_st {
    unsigned int version;
    unsigned long long total;
    unsigned long long reserved;
    unsigned long long free;
    unsigned long long used;
} nvmlMemory_v2_t;

typedef struct nvmlEventData_st {
    nvmlDevice_t device;
    unsigned long long eventType;
    unsigned long long eventData;
    unsigned int gpuInstanceId;
    unsigned int computeInstanceId;
} nvmlEventData_t;

#define NVML_STRUCT_VERSION(data, ver) \
    (unsigned int)(sizeof(nvml##data##_v##ver##_t) | ((ver) << 24U))
#define nvmlMemory_v2 NVML_STRUCT_VERSION(Memory, 2)

_Static_assert(sizeof(nvmlUtilization_t) == 8, "nvmlUtilization_t");
_Static_assert(sizeof(nvmlMemory_t) == 24, "nvmlMemory_t");
_Static_assert(sizeof(nvmlMemory_v2_t) == 40, "nvmlMemory_v2_t");
_Static_assert(offsetof(nvmlMemory_v2_t, total) == 8, "nvmlMemory_v2_t.total");
_Static_assert(sizeof(nvmlEventData_t) == 32, "nvmlEventData_t");

#define NVML_SUCCESS 0
#define NVML_ERROR_UNINITIALIZED 1
#define NVML_ERROR_INVALID_ARGUMENT 2
#define NVML_ERROR_NOT_SUPPORTED 3
#define NVML_ERROR_INSUFFICIENT_SIZE 7
#define NVML_ERROR_TIMEOUT 10
#define NVML_ERROR_GPU_IS_LOST 15
#define NVML_ERROR_ARGUMENT_VERSION_MISMATCH 25
#define NVML_ERROR_UNKNOWN 999

#define NVML_TEMPERATURE_GPU 0
#define NVML_CLOCK_SM 1
#define nvmlEventTypeXidCriticalError 0x0000000000000008LL

/* Fields a test can make fail, one return code each (0 = works). */
enum field {
    F_UTILIZATION,
    F_MEMORY_V2,
    F_MEMORY,
    F_TEMPERATURE,
    F_POWER,
    F_POWER_LIMIT,
    F_SM_CLOCK,
    F_EVENTS,
    F_COUNT
};
static const char *FIELD_NAMES[F_COUNT] = {
    "utilization", "memory_v2", "memory", "temperature", "power", "power_limit", "sm_clock", "events"};

#define MAX_DEVICES 8
#define MAX_XIDS 64

struct fake_device {
    char uuid[96];
    char name[96];
    unsigned int util_gpu, util_mem;
    unsigned long long mem_total, mem_reserved, mem_used;
    unsigned int temperature_c, power_mw, power_limit_mw, sm_clock_mhz;
    int lost;
    int result[F_COUNT];
    unsigned long long registered;
};

struct fake_event_set {
    int open;
};

struct xid_event {
    int index;
    unsigned long long xid;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t xid_ready = PTHREAD_COND_INITIALIZER;
static struct fake_device devices[MAX_DEVICES];
static struct fake_event_set event_set;
static struct xid_event xids[MAX_XIDS];
static int xid_head, xid_count;
static unsigned int device_count;
static int init_result;
static int initialized;

/* Call counters, by name, so a test can tell which path the collector took. */
static const char *COUNTED[] = {"nvmlInit_v2",         "nvmlShutdown",          "nvmlDeviceGetMemoryInfo_v2",
                                "nvmlDeviceGetMemoryInfo", "nvmlEventSetCreate", "nvmlEventSetFree",
                                "nvmlDeviceRegisterEvents", "nvmlEventSetWait_v2"};
#define N_COUNTED (sizeof(COUNTED) / sizeof(COUNTED[0]))
static int calls[N_COUNTED];

static void count(const char *fn) {
    for (size_t i = 0; i < N_COUNTED; i++) {
        if (strcmp(COUNTED[i], fn) == 0) {
            __atomic_add_fetch(&calls[i], 1, __ATOMIC_SEQ_CST);
        }
    }
}

static void default_device(int i) {
    struct fake_device *d = &devices[i];
    memset(d, 0, sizeof(*d));
    snprintf(d->uuid, sizeof(d->uuid), "GPU-00000000-0000-4000-8000-%012d", i);
    snprintf(d->name, sizeof(d->name), "NVIDIA H100 80GB HBM3");
    d->util_gpu = 10 + i;
    d->util_mem = 5 + i;
    d->mem_total = 85899345920ULL; /* 80 GiB */
    d->mem_reserved = 536870912ULL;
    d->mem_used = 1073741824ULL * (unsigned long long)(i + 1);
    d->temperature_c = 40 + i;
    d->power_mw = 100000 + 1000 * i;
    d->power_limit_mw = 700000;
    d->sm_clock_mhz = 1980;
}

/* ---- the test's controls ---- */

void fake_reset(void) {
    pthread_mutex_lock(&lock);
    for (int i = 0; i < MAX_DEVICES; i++) {
        default_device(i);
    }
    device_count = 2;
    init_result = NVML_SUCCESS;
    initialized = 0;
    xid_head = xid_count = 0;
    event_set.open = 0;
    for (size_t i = 0; i < N_COUNTED; i++) {
        calls[i] = 0;
    }
    pthread_mutex_unlock(&lock);
}

void fake_set_device_count(int n) { device_count = n < 0 ? 0 : (n > MAX_DEVICES ? MAX_DEVICES : n); }

void fake_set_init_result(int rc) { init_result = rc; }

void fake_set_identity(int i, const char *uuid, const char *name) {
    snprintf(devices[i].uuid, sizeof(devices[i].uuid), "%s", uuid);
    snprintf(devices[i].name, sizeof(devices[i].name), "%s", name);
}

void fake_set_util(int i, unsigned int gpu, unsigned int mem) {
    devices[i].util_gpu = gpu;
    devices[i].util_mem = mem;
}

void fake_set_memory(int i, unsigned long long total, unsigned long long reserved, unsigned long long used) {
    devices[i].mem_total = total;
    devices[i].mem_reserved = reserved;
    devices[i].mem_used = used;
}

void fake_set_temperature(int i, unsigned int c) { devices[i].temperature_c = c; }

void fake_set_power(int i, unsigned int mw, unsigned int limit_mw) {
    devices[i].power_mw = mw;
    devices[i].power_limit_mw = limit_mw;
}

void fake_set_sm_clock(int i, unsigned int mhz) { devices[i].sm_clock_mhz = mhz; }

void fake_set_lost(int i) { __atomic_store_n(&devices[i].lost, 1, __ATOMIC_SEQ_CST); }

/* Makes one field of one GPU answer rc; returns -1 for an unknown field name. */
int fake_set_field_result(int i, const char *field, int rc) {
    for (int f = 0; f < F_COUNT; f++) {
        if (strcmp(FIELD_NAMES[f], field) == 0) {
            devices[i].result[f] = rc;
            return 0;
        }
    }
    return -1;
}

int fake_set_not_supported(int i, const char *field) {
    return fake_set_field_result(i, field, NVML_ERROR_NOT_SUPPORTED);
}

void fake_push_xid(int i, unsigned long long xid) {
    pthread_mutex_lock(&lock);
    if (xid_count < MAX_XIDS) {
        xids[(xid_head + xid_count) % MAX_XIDS].index = i;
        xids[(xid_head + xid_count) % MAX_XIDS].xid = xid;
        xid_count++;
        pthread_cond_broadcast(&xid_ready);
    }
    pthread_mutex_unlock(&lock);
}

int fake_call_count(const char *fn) {
    for (size_t i = 0; i < N_COUNTED; i++) {
        if (strcmp(COUNTED[i], fn) == 0) {
            return __atomic_load_n(&calls[i], __ATOMIC_SEQ_CST);
        }
    }
    return -1;
}

int fake_is_initialized(void) { return initialized; }

/* ---- NVML ---- */

__attribute__((constructor)) static void on_load(void) { fake_reset(); }

static int device_index(nvmlDevice_t device) {
    for (unsigned int i = 0; i < device_count; i++) {
        if (device == &devices[i]) {
            return (int)i;
        }
    }
    return -1;
}

/* The checks every device call starts with; NVML_SUCCESS when the call may go on. */
static nvmlReturn_t check(nvmlDevice_t device, int field) {
    if (!initialized) {
        return NVML_ERROR_UNINITIALIZED;
    }
    int i = device_index(device);
    if (i < 0) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    if (__atomic_load_n(&devices[i].lost, __ATOMIC_SEQ_CST)) {
        return NVML_ERROR_GPU_IS_LOST;
    }
    return field < 0 ? NVML_SUCCESS : devices[i].result[field];
}

nvmlReturn_t nvmlInit_v2(void) {
    count("nvmlInit_v2");
    if (init_result != NVML_SUCCESS) {
        return init_result;
    }
    initialized = 1;
    return NVML_SUCCESS;
}

nvmlReturn_t nvmlShutdown(void) {
    count("nvmlShutdown");
    if (!initialized) {
        return NVML_ERROR_UNINITIALIZED;
    }
    initialized = 0;
    return NVML_SUCCESS;
}

const char *nvmlErrorString(nvmlReturn_t result) {
    switch (result) {
        case NVML_SUCCESS: return "Success";
        case NVML_ERROR_UNINITIALIZED: return "Uninitialized";
        case NVML_ERROR_INVALID_ARGUMENT: return "Invalid Argument";
        case NVML_ERROR_NOT_SUPPORTED: return "Not Supported";
        case 4: return "Insufficient Permissions";
        case NVML_ERROR_INSUFFICIENT_SIZE: return "Insufficient Size";
        case 9: return "Driver Not Loaded";
        case NVML_ERROR_TIMEOUT: return "Timeout";
        case 12: return "NVML Shared Library Not Found";
        case NVML_ERROR_GPU_IS_LOST: return "GPU is lost";
        case NVML_ERROR_ARGUMENT_VERSION_MISMATCH: return "Argument version mismatch";
        default: return "Unknown Error";
    }
}

nvmlReturn_t nvmlDeviceGetCount_v2(unsigned int *deviceCount) {
    if (!initialized) {
        return NVML_ERROR_UNINITIALIZED;
    }
    if (deviceCount == NULL) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    *deviceCount = device_count;
    return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetHandleByIndex_v2(unsigned int index, nvmlDevice_t *device) {
    if (!initialized) {
        return NVML_ERROR_UNINITIALIZED;
    }
    if (index >= device_count || device == NULL) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    *device = &devices[index];
    return NVML_SUCCESS;
}

static nvmlReturn_t copy_string(const char *value, char *out, unsigned int length) {
    if (out == NULL) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    if (strlen(value) + 1 > length) {
        return NVML_ERROR_INSUFFICIENT_SIZE;
    }
    memcpy(out, value, strlen(value) + 1);
    return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetUUID(nvmlDevice_t device, char *uuid, unsigned int length) {
    nvmlReturn_t rc = check(device, -1);
    return rc != NVML_SUCCESS ? rc : copy_string(device->uuid, uuid, length);
}

nvmlReturn_t nvmlDeviceGetName(nvmlDevice_t device, char *name, unsigned int length) {
    nvmlReturn_t rc = check(device, -1);
    return rc != NVML_SUCCESS ? rc : copy_string(device->name, name, length);
}

nvmlReturn_t nvmlDeviceGetUtilizationRates(nvmlDevice_t device, nvmlUtilization_t *utilization) {
    nvmlReturn_t rc = check(device, F_UTILIZATION);
    if (rc != NVML_SUCCESS) {
        return rc;
    }
    utilization->gpu = device->util_gpu;
    utilization->memory = device->util_mem;
    return NVML_SUCCESS;
}

#ifndef FAKE_NO_MEMORY_V2
nvmlReturn_t nvmlDeviceGetMemoryInfo_v2(nvmlDevice_t device, nvmlMemory_v2_t *memory) {
    count("nvmlDeviceGetMemoryInfo_v2");
    nvmlReturn_t rc = check(device, F_MEMORY_V2);
    if (rc != NVML_SUCCESS) {
        return rc;
    }
    if (memory->version != nvmlMemory_v2) {
        return NVML_ERROR_ARGUMENT_VERSION_MISMATCH;
    }
    memory->total = device->mem_total;
    memory->reserved = device->mem_reserved;
    memory->used = device->mem_used;
    memory->free = device->mem_total - device->mem_used;
    return NVML_SUCCESS;
}
#endif

nvmlReturn_t nvmlDeviceGetMemoryInfo(nvmlDevice_t device, nvmlMemory_t *memory) {
    count("nvmlDeviceGetMemoryInfo");
    nvmlReturn_t rc = check(device, F_MEMORY);
    if (rc != NVML_SUCCESS) {
        return rc;
    }
    memory->total = device->mem_total;
    memory->used = device->mem_used;
    memory->free = device->mem_total - device->mem_used;
    return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetTemperature(nvmlDevice_t device, nvmlTemperatureSensors_t sensorType, unsigned int *temp) {
    nvmlReturn_t rc = check(device, F_TEMPERATURE);
    if (rc != NVML_SUCCESS) {
        return rc;
    }
    if (sensorType != NVML_TEMPERATURE_GPU) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    *temp = device->temperature_c;
    return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetPowerUsage(nvmlDevice_t device, unsigned int *power) {
    nvmlReturn_t rc = check(device, F_POWER);
    if (rc != NVML_SUCCESS) {
        return rc;
    }
    *power = device->power_mw;
    return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetEnforcedPowerLimit(nvmlDevice_t device, unsigned int *limit) {
    nvmlReturn_t rc = check(device, F_POWER_LIMIT);
    if (rc != NVML_SUCCESS) {
        return rc;
    }
    *limit = device->power_limit_mw;
    return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetClockInfo(nvmlDevice_t device, nvmlClockType_t type, unsigned int *clock) {
    nvmlReturn_t rc = check(device, F_SM_CLOCK);
    if (rc != NVML_SUCCESS) {
        return rc;
    }
    if (type != NVML_CLOCK_SM) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    *clock = device->sm_clock_mhz;
    return NVML_SUCCESS;
}

nvmlReturn_t nvmlEventSetCreate(nvmlEventSet_t *set) {
    count("nvmlEventSetCreate");
    if (!initialized) {
        return NVML_ERROR_UNINITIALIZED;
    }
    event_set.open = 1;
    *set = &event_set;
    return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceRegisterEvents(nvmlDevice_t device, unsigned long long eventTypes, nvmlEventSet_t set) {
    count("nvmlDeviceRegisterEvents");
    nvmlReturn_t rc = check(device, F_EVENTS);
    if (rc != NVML_SUCCESS) {
        return rc;
    }
    if (set != &event_set || !event_set.open) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    device->registered |= eventTypes;
    return NVML_SUCCESS;
}

nvmlReturn_t nvmlEventSetWait_v2(nvmlEventSet_t set, nvmlEventData_t *data, unsigned int timeoutms) {
    count("nvmlEventSetWait_v2");
    if (set != &event_set || !event_set.open || data == NULL) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    struct timespec deadline;
    clock_gettime(CLOCK_REALTIME, &deadline);
    deadline.tv_sec += timeoutms / 1000;
    deadline.tv_nsec += (long)(timeoutms % 1000) * 1000000L;
    if (deadline.tv_nsec >= 1000000000L) {
        deadline.tv_sec++;
        deadline.tv_nsec -= 1000000000L;
    }
    pthread_mutex_lock(&lock);
    for (;;) {
        while (xid_count > 0) {
            struct xid_event e = xids[xid_head];
            xid_head = (xid_head + 1) % MAX_XIDS;
            xid_count--;
            /* Events of GPUs that did not register for XIDs are not delivered, as in NVML. */
            if ((devices[e.index].registered & nvmlEventTypeXidCriticalError) == 0) {
                continue;
            }
            pthread_mutex_unlock(&lock);
            data->device = &devices[e.index];
            data->eventType = nvmlEventTypeXidCriticalError;
            data->eventData = e.xid;
            data->gpuInstanceId = 0xFFFFFFFFu;
            data->computeInstanceId = 0xFFFFFFFFu;
            return NVML_SUCCESS;
        }
        if (pthread_cond_timedwait(&xid_ready, &lock, &deadline) == ETIMEDOUT) {
            pthread_mutex_unlock(&lock);
            return NVML_ERROR_TIMEOUT;
        }
    }
}

nvmlReturn_t nvmlEventSetFree(nvmlEventSet_t set) {
    count("nvmlEventSetFree");
    if (set != &event_set) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    event_set.open = 0;
    return NVML_SUCCESS;
}
